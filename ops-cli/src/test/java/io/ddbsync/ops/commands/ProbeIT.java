package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.localstack.faults.HttpFaultProxy;
import io.ddbsync.ops.probe.SearchTargetProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code ddbsync probe} against the real local OpenSearch: every call ddbsync needs works there; with a proxy in
 * front that refuses one API, the probe names that one as failing (and only it), with what ddbsync does without it.
 */
class ProbeIT {

    @Test
    void probe_localOpenSearch_everyCallWorksExitZeroAndNothingLeftBehind() {
        String endpoint = LocalOpenSearch.shared().endpoint().toString();

        TestRoot.Run run = TestRoot.run("probe", "--opensearch-endpoint", endpoint);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        for (SearchTargetProbe.Api api : SearchTargetProbe.Api.values()) {
            assertThat(run.out()).contains(api.label());
        }
        assertThat(run.out()).doesNotContain("FAILS").contains("Every call ddbsync makes works.");
        String scratch = run.out().replaceAll("(?s).*scratch index (ddbsync-probe-[a-z0-9]+).*", "$1");
        try (SearchTarget target = SearchTargetFactory.plain(LocalOpenSearch.shared().endpoint())) {
            assertThat(target.indexExists(scratch + "_v1").status()).as("scratch index left").isEqualTo(404);
            assertThat(target.indexExists(scratch + "_no_alias").status()).as("stray index left").isEqualTo(404);
            var aliases = target.getAlias(scratch + "*");
            assertThat(aliases.status() == 404 || aliases.body().isEmpty()).as("scratch aliases left: " + aliases.body()).isTrue();
            assertThat(target.deleteIndexTemplate("ddbsync-" + scratch).status()).as("scratch template left").isEqualTo(404);
        }
    }

    @Test
    void probe_proxyRefusingDeleteByQuery_reportsThatOneFailingAndExitsOne() {
        AtomicInteger refused = new AtomicInteger();
        try (HttpFaultProxy proxy = HttpFaultProxy.start("opensearch", LocalOpenSearch.shared().endpoint(), Duration.ofSeconds(30))) {
            // as a Serverless collection answers an API it does not have
            proxy.handle((request, upstream) -> {
                if (request.path().endsWith("/_delete_by_query")) {
                    refused.incrementAndGet();
                    return HttpFaultProxy.Response.json(404, "{\"error\":{\"type\":\"unsupported_operation_exception\","
                            + "\"reason\":\"_delete_by_query is not supported\"},\"status\":404}");
                }
                return upstream.forward(request);
            });

            TestRoot.Run run = TestRoot.run("probe", "--opensearch-endpoint", proxy.endpoint().toString(), "--opensearch-auth", "none");

            assertThat(refused).hasValue(1);
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(OpsCommand.ATTENTION);
            String row = run.out().lines().filter(l -> l.startsWith(SearchTargetProbe.Api.DELETE_BY_QUERY.label())).findFirst()
                    .orElseThrow();
            assertThat(row).contains("FAILS").contains("404 unsupported_operation_exception")
                    .contains(SearchTargetProbe.Api.DELETE_BY_QUERY.without());
            assertThat(run.out().lines().filter(l -> l.contains("FAILS"))).hasSize(1);
            assertThat(run.out()).contains("1 call(s) ddbsync needs failed: delete_by_query.");
        }
    }
}
