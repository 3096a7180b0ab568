package io.ddbsync.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.config.SearchTargetConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The factory picks the transport from the configuration, and SigV4 signs with the configured service name: what a
 * request carries in its {@code Authorization} header, read from the signed request as it would leave the process.
 */
class SearchTargetFactoryTest {

    private static final URI DOMAIN = URI.create("https://search-posts.us-east-1.es.amazonaws.com");

    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @AfterEach
    void noCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void transport_sigv4_signingAwsSdk2Transport() throws Exception {
        var transport = SearchTargetFactory.transport(new SearchTargetConfig(DOMAIN, SearchTargetConfig.Auth.SIGV4,
                SearchTargetConfig.SigningService.ES, "us-east-1"));
        assertThat(transport).isInstanceOf(AwsSdk2Transport.class);
        transport.close();
    }

    @Test
    void transport_none_plainHttpClient5Transport() throws Exception {
        var transport = SearchTargetFactory.transport(SearchTargetConfig.plain(URI.create("http://127.0.0.1:9200")));
        assertThat(transport).isInstanceOf(ApacheHttpClient5Transport.class);
        transport.close();
    }

    @Test
    void sigV4_es_signsForEs() {
        assertThat(authorizationOfOneCall(SearchTargetConfig.SigningService.ES)).contains("/us-east-1/es/aws4_request");
    }

    @Test
    void sigV4_aoss_signsForAoss() {
        assertThat(authorizationOfOneCall(SearchTargetConfig.SigningService.AOSS)).contains("/us-east-1/aoss/aws4_request");
    }

    /** The Authorization header of one call through the SigV4 adapter, captured where the SDK client would send it. */
    private static String authorizationOfOneCall(SearchTargetConfig.SigningService service) {
        CapturingClient client = new CapturingClient();
        SearchTargetConfig config = new SearchTargetConfig(DOMAIN, SearchTargetConfig.Auth.SIGV4, service, "us-east-1");
        try (SearchTarget target = new OpenSearchRestTarget(new OpenSearchHttp(SearchTargetFactory.sigV4(config, client)))) {
            SearchReply reply = target.getDocument("posts", "id:S:p1");
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(client.requests).hasSize(1);
        assertThat(client.paths).containsExactly("/posts/_doc/id%3AS%3Ap1");
        return client.requests.get(0);
    }

    /** An SDK HTTP client that answers 200 {} and keeps each signed request's Authorization header and path. */
    private static final class CapturingClient implements SdkHttpClient {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> paths = new CopyOnWriteArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            requests.add(request.httpRequest().firstMatchingHeader("Authorization").orElse(""));
            paths.add(request.httpRequest().encodedPath());
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/json")
                                    .putHeader("Content-Length", Integer.toString(body.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }

        @Override
        public String clientName() {
            return "capturing";
        }
    }

}
