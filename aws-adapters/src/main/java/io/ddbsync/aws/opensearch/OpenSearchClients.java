package io.ddbsync.aws.opensearch;

import io.ddbsync.model.config.WorkerConfig;
import java.net.URI;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Builds the OpenSearch client for the configured auth: SigV4 (service {@code es}) or plain HTTP. */
public final class OpenSearchClients {

    /**
     * The SigV4 transport's socket timeout: calls are bounded by their callers' timeouts (at most the
     * worker's {@code TimeBudget.MAX_CALL}, the same 120 s); this only ends abandoned ones.
     */
    static final java.time.Duration SOCKET_TIMEOUT = java.time.Duration.ofSeconds(120);

    private OpenSearchClients() {
    }

    public static OpenSearchHttp create(WorkerConfig config) {
        return new OpenSearchHttp(transport(config.opensearchEndpoint(), config.auth(), config.region()));
    }

    public static OpenSearchHttp plain(URI endpoint) {
        return new OpenSearchHttp(transport(endpoint, WorkerConfig.Auth.NONE, null));
    }

    /** The transport for {@code auth}: SigV4 ({@code region} required) or plain HTTP. */
    public static OpenSearchTransport transport(URI endpoint, WorkerConfig.Auth auth, String region) {
        if (auth == WorkerConfig.Auth.SIGV4) {
            return new AwsSdk2Transport(UrlConnectionHttpClient.builder()
                    .connectionTimeout(java.time.Duration.ofSeconds(10))
                    .socketTimeout(SOCKET_TIMEOUT)
                    .build(), endpoint.getHost(),
                    "es", Region.of(region), AwsSdk2TransportOptions.builder()
                    .setCredentials(DefaultCredentialsProvider.builder().build())
                    .setMapper(new JacksonJsonpMapper())
                    .build());
        }
        HttpHost host = new HttpHost(endpoint.getScheme(), endpoint.getHost(), port(endpoint));
        return ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper())
                .setHttpClientConfigCallback(b -> b.setConnectionManager(
                        org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(64).setMaxConnPerRoute(64).build()))
                .build();
    }

    private static int port(URI endpoint) {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        return "https".equals(endpoint.getScheme()) ? 443 : 80;
    }
}
