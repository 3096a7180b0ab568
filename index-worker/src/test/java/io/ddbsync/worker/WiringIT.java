package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.ddbsync.model.config.ConfigException;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production wiring: collaborators built from the Lambda environment, as the no-arg constructor does. */
class WiringIT {

    @Test
    void handleRequest_partsFromEnvironment_indexesThroughConfiguredIndexName() {
        Fixture names = new Fixture("Wired");
        String index = names.index + "_custom";
        Map<String, String> env = Map.of(
                "OPENSEARCH_ENDPOINT", Fixture.openSearchEndpoint().toString(),
                "OPENSEARCH_AUTH", "none",
                "AWS_REGION", "us-east-1",
                "INDEX_MAP", names.table + "=" + index,
                "TTL_DELETES", "keep");
        IndexWorkerHandler handler = new IndexWorkerHandler(WorkerParts.fromEnv(env));
        Changes changes = names.changes();
        var insert = changes.put(Op.INSERT, "w1", 1);
        var ttlRemove = new io.ddbsync.model.wire.ChangeRecord(Op.REMOVE, Changes.keys("w1"), null,
                "200000000000000000000", Changes.FIRST_TS + 10, false, true);

        SQSBatchResponse response = handler.handleRequest(
                LambdaSqsEvents.fromBodies(List.of(changes.body(List.of(insert)), changes.body(List.of(ttlRemove)))),
                LambdaContext.of("index-worker", () -> 600_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        var docs = new io.ddbsync.worker.support.SearchIndex(Fixture.openSearch(), index).searchAll();
        assertThat(docs).containsOnlyKeys(Changes.docId("w1"));
    }

    @Test
    void fromEnv_missingEndpoint_failsNamingTheVariable() {
        assertThatThrownBy(() -> WorkerParts.fromEnv(Map.of("AWS_REGION", "us-east-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPENSEARCH_ENDPOINT");
    }
}
