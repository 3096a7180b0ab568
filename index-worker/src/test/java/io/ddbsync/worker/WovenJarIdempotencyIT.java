package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.localstack.ChildJvm;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.esm.LambdaContext;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.ColdStartProbe;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import io.ddbsync.worker.support.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar alone (shaded, with Powertools' idempotency aspect woven in at build time), in
 * fresh JVMs configured only by environment variables: a message delivered again is not processed
 * again. Without the woven aspect the second delivery would write the document again.
 */
class WovenJarIdempotencyIT {

    @Test
    void deployableJar_sameMessageDeliveredAgain_notProcessedAgain() throws Exception {
        Fixture f = new Fixture("Woven");
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        Changes changes = f.changes();
        Path event = Files.createTempFile("sqs-event", ".json");
        // one SQS message (same messageId and body) in every invocation below
        Files.writeString(event, LambdaSqsEvents.json(List.of(LambdaSqsEvents.Delivered.fresh(
                changes.body(List.of(changes.put(Op.INSERT, "w1", 1)))))));
        List<Path> classPath = List.of(ChildJvm.deployableJar("index-worker"), ChildJvm.codeSource(LambdaEventSerializers.class),
                ChildJvm.codeSource(ColdStartProbe.class), ChildJvm.codeSource(LambdaContext.class));
        Map<String, String> env = Map.of(
                "OPENSEARCH_ENDPOINT", Fixture.openSearchEndpoint().toString(),
                "OPENSEARCH_AUTH", "none",
                "INDEX_MAP", f.table + "=" + f.index,
                "IDEMPOTENCY_TABLE", idempotencyTable,
                "DYNAMODB_ENDPOINT", LocalDynamoDb.shared().endpoint().toString(),
                "AWS_REGION", LocalAws.REGION.id(),
                "AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_ACCESS_KEY);
        try {
            ChildJvm.Result first = ChildJvm.run(classPath, ColdStartProbe.class.getName(),
                    List.of(event.toString(), event.toString()), env, Duration.ofSeconds(120));
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("failures=0,0");
            assertThat(f.searchIndex().get(Changes.docId("w1"))).as("the first delivery was applied").isPresent();
            assertThat(Fixture.dynamoDb().scan(b -> b.tableName(idempotencyTable).consistentRead(true)).items())
                    .singleElement().satisfies(r -> assertThat(r.get("status").s()).isEqualTo("COMPLETED"));

            // Remove the document behind the worker's back: only a message processed again could bring it back.
            // (_delete_by_query searches: refresh first, or a document written less than a refresh ago stays.)
            f.searchIndex().refresh();
            var deleted = Fixture.openSearch().deleteByQuery(f.index + "_write", (com.fasterxml.jackson.databind.node.ObjectNode)
                    io.ddbsync.aws.search.SearchJson.mapper().readTree("{\"query\":{\"match_all\":{}}}"), true);
            assertThat(deleted.ok()).as(deleted.describe()).isTrue();
            assertThat(deleted.body().path("deleted").asLong()).as("the document was removed").isEqualTo(1);
            ChildJvm.Result again = ChildJvm.run(classPath, ColdStartProbe.class.getName(),
                    List.of(event.toString(), event.toString()), env, Duration.ofSeconds(120));

            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("failures=0,0");
            f.searchIndex().refresh();
            assertThat(f.searchIndex().get(Changes.docId("w1"))).as("a delivered-again message is skipped").isEmpty();
        } finally {
            Files.deleteIfExists(event);
        }
    }
}
