package io.ddbsync.worker.opensearch;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.worker.support.FaultInjectingProxy;
import io.ddbsync.worker.support.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import io.ddbsync.model.config.SearchTargetConfig;

/**
 * Every call is bounded by its timeout, whichever way the transport runs it: natively asynchronous
 * (Apache HttpClient 5) or on the caller's thread (opensearch-java's {@code AwsSdk2Transport} over a
 * synchronous SDK HTTP client, as the worker runs on AWS), which {@link OpenSearchHttp} moves to a
 * thread of its own.
 */
class OpenSearchHttpIT {

    @Test
    void send_answerSlowerThanTimeout_timesOutOnBothCallPaths() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(), id -> false, 0)
                .delayResponses(5_000)) {
            for (boolean ownThreads : new boolean[] {false, true}) {
                OpenSearchHttp http = new OpenSearchHttp(
                        SearchTargetFactory.transport(SearchTargetConfig.plain(proxy.endpoint())), ownThreads);
                long start = System.nanoTime();

                assertThatThrownBy(() -> http.send("GET", "/", null, null, Duration.ofMillis(500)))
                        .as("own threads: " + ownThreads).isInstanceOf(SearchTimeoutException.class);

                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("own threads: " + ownThreads)
                        .isLessThan(Duration.ofMillis(4_000));
            }
            assertThat(proxy.delayed()).isEqualTo(2);
        }
    }

    @Test
    void send_ownThreads_answersLikeTheAsyncPath() {
        OpenSearchHttp http = new OpenSearchHttp(
                SearchTargetFactory.transport(SearchTargetConfig.plain(Fixture.openSearchEndpoint())), true);

        SearchReply missing = http.get("/no-such-index-" + System.nanoTime());
        SearchReply root = http.get("/");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorType()).isEqualTo("index_not_found_exception");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body().path("version").path("number").asText()).isNotEmpty();
    }
}
