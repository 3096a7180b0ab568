package io.ddbsync.aws.opensearch;

import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.config.SearchTargetConfig;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Chooses and builds the search target once, at start, from its configuration (as Data Prepper's
 * {@code OpenSearchClientFactory} does): SigV4 with the signing name the configuration gives — {@code es} for an
 * Amazon OpenSearch Service domain, {@code aoss} for an OpenSearch Serverless collection — or plain HTTP. The one
 * place outside the adapter that names it: every caller gets a {@link SearchTarget}.
 */
public final class SearchTargetFactory {

    /**
     * The SigV4 transport's socket timeout: calls are bounded by their callers' timeouts (at most the
     * worker's {@code TimeBudget.MAX_CALL}, the same 120 s); this only ends abandoned ones.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);

    private SearchTargetFactory() {
    }

    /** The target {@code config} describes, over OpenSearch's REST API. */
    public static SearchTarget create(SearchTargetConfig config) {
        return new OpenSearchRestTarget(new OpenSearchHttp(transport(config)));
    }

    /** A target without authentication (the local node, tests). */
    public static SearchTarget plain(URI endpoint) {
        return create(SearchTargetConfig.plain(endpoint));
    }

    /** The transport for {@code config}: SigV4 signing as {@link SearchTargetConfig#signingService()}, or plain HTTP. */
    public static OpenSearchTransport transport(SearchTargetConfig config) {
        if (config.auth() == SearchTargetConfig.Auth.SIGV4) {
            return sigV4(config, UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(SOCKET_TIMEOUT)
                    .build());
        }
        URI endpoint = config.endpoint();
        HttpHost host = new HttpHost(endpoint.getScheme(), endpoint.getHost(), port(endpoint));
        return ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper())
                .setHttpClientConfigCallback(b -> b.setConnectionManager(
                        PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnTotal(64).setMaxConnPerRoute(64).build()))
                .build();
    }

    /** The SigV4 transport, signing for {@code config}'s service name and region, sending through {@code sdkHttpClient}. */
    static OpenSearchTransport sigV4(SearchTargetConfig config, SdkHttpClient sdkHttpClient) {
        return new AwsSdk2Transport(sdkHttpClient, config.endpoint().getHost(), config.signingService().signingName(),
                Region.of(config.region()), AwsSdk2TransportOptions.builder()
                .setCredentials(DefaultCredentialsProvider.builder().build())
                .setMapper(new JacksonJsonpMapper())
                .build());
    }

    private static int port(URI endpoint) {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        return "https".equals(endpoint.getScheme()) ? 443 : 80;
    }
}
