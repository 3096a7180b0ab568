package io.ddbsync.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.model.config.WorkerConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;

class OpenSearchClientsTest {

    @Test
    void transport_sigv4_signingAwsSdk2Transport() throws Exception {
        var transport = OpenSearchClients.transport(URI.create("https://search-posts.us-east-1.es.amazonaws.com"),
                WorkerConfig.Auth.SIGV4, "us-east-1");
        assertThat(transport).isInstanceOf(AwsSdk2Transport.class);
        transport.close();
    }

    @Test
    void transport_none_plainHttpClient5Transport() throws Exception {
        var transport = OpenSearchClients.transport(URI.create("http://127.0.0.1:9200"), WorkerConfig.Auth.NONE, null);
        assertThat(transport).isInstanceOf(ApacheHttpClient5Transport.class);
        transport.close();
    }
}
