package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.FaultInjectingProxy;
import io.ddbsync.worker.support.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Test 7: items OpenSearch throttles (429) are retried with backoff until the index converges. */
class ThrottlingIT {

    @Test
    void handleRequest_proxyThrottlesSomeBulkItems_retriedAndIndexConverges() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(Fixture.openSearchEndpoint(),
                id -> id.hashCode() % 3 == 0, 2);
             SearchTarget viaProxy = SearchTargetFactory.plain(proxy.endpoint())) {
            Fixture f = new Fixture("Throttled").openSearch(viaProxy);
            Changes changes = f.changes();
            List<ChangeRecord> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                records.add(changes.put(Op.INSERT, "t-" + i, 1));
            }

            List<String> failed = Batches.deliver(f.handler(), changes.bodies(records, 50));

            assertThat(failed).isEmpty();
            assertThat(proxy.injected()).isGreaterThan(20);
            Map<String, ObjectNode> docs = f.searchIndex().searchAll();
            assertThat(docs).hasSize(200);
            docs.forEach((id, doc) -> assertThat(doc.get("title").asText()).isEqualTo("제목 " + doc.get("id").asText() + " r1"));
            assertThat(f.metrics.sum(WorkerMetricNames.THROTTLED_RETRIES)).isEqualTo(proxy.injected());
            assertThat(f.metrics.sum(WorkerMetricNames.DOCUMENTS_UPSERTED)).isEqualTo(200);
        }
    }
}
