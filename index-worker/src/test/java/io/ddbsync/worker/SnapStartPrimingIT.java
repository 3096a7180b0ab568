package io.ddbsync.worker;

import io.ddbsync.model.log.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.Tables;
import io.ddbsync.model.config.WorkerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming against the real OpenSearch and dynalite: every record of the priming message is
 * decoded (both wire versions), converted and bulk-encoded, both reads answer, and nothing is written —
 * no index, no idempotency record.
 */
class SnapStartPrimingIT {

    @Test
    void prime_idempotencyOn_decodesConvertsEncodesReadsAndWritesNothing() {
        Fixture f = new Fixture("Prime");
        String idempotencyTable = "idempotency_" + f.index;
        Tables.createWithStringKey(Fixture.dynamoDb(), idempotencyTable, "id");
        f.idempotencyTable(idempotencyTable);

        SnapStartPriming.Primed primed = new SnapStartPriming(mapped(f, f.parts())).prime();

        assertThat(primed.records()).isEqualTo(6); // INSERT, MODIFY, REMOVE in wire versions 1 and 2
        assertThat(primed.bulkBytes()).isGreaterThan(1_000);
        assertThat(primed.reads()).isEqualTo(2);
        assertThat(primed.failedReads()).isZero();
        assertThat(Fixture.rest().get("/_cat/indices/" + f.index + "*?format=json").body()).isEmpty();
        assertThat(Fixture.dynamoDb().scan(b -> b.tableName(idempotencyTable)).count()).isZero();
    }

    /** As deployed: INDEX_MAP names the table's index. */
    private static WorkerParts mapped(Fixture f, WorkerParts parts) {
        WorkerConfig c = parts.config();
        WorkerConfig config = WorkerConfig.builder(c.searchTarget(), c.region()).indexMap(Map.of(f.table, f.index))
                .idempotencyTable(c.idempotencyTable()).ttlDeletes(c.ttlDeletes()).tombstoneRetentionDays(c.tombstoneRetentionDays())
                .metadataField(c.metadataField()).dynamodbEndpoint(c.dynamodbEndpoint()).build();
        return WorkerParts.builder(config, parts.openSearch()).dynamoDb(parts.dynamoDb()).metrics(parts.metrics())
                .templates(parts.templates()).clock(parts.clock()).parallelism(parts.parallelism())
                .reserveMillis(parts.reserveMillis()).maxBulkBytes(parts.maxBulkBytes()).build();
    }

    @Test
    void prime_openSearchUnreachable_primesTheConversionAndLogsTheRead() {
        Fixture f = new Fixture("PrimeDown").noDynamoDb()
                .openSearch(io.ddbsync.aws.opensearch.SearchTargetFactory.plain(java.net.URI.create("http://127.0.0.1:9")));
        WorkerParts parts = mapped(f, f.parts());

        SnapStartPriming.Primed primed;
        String logged;
        try (LogCapture capture = LogCapture.start()) {
            primed = new SnapStartPriming(parts).prime();
            logged = String.join("\n", capture.lines());
        }

        assertThat(primed.records()).isEqualTo(6);
        assertThat(primed.reads()).isZero();
        assertThat(primed.failedReads()).isEqualTo(1);
        assertThat(logged).contains("snapstart priming read failed").contains(f.index + "_write");
    }
}
