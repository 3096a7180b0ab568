package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepairRecordsTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final long NOW = 1_790_000_000L;
    private static final Instant START = Instant.ofEpochSecond(NOW);

    @Test
    void of_eachKind_fetchForMissingAndStaleRemoveForGhost() {
        List<ChangeRecord> records = RepairRecords.of(List.of(
                diff(ReconcileReport.Kind.MISSING, "a"), diff(ReconcileReport.Kind.STALE, "b"),
                diff(ReconcileReport.Kind.GHOST, "c"),
                new ReconcileReport.Difference(ReconcileReport.Kind.GHOST, "foreign", null, "not ours")), START);

        assertThat(records).extracting(ChangeRecord::op).containsExactly(Op.MODIFY, Op.MODIFY, Op.REMOVE);
        assertThat(records.get(0).fetch()).isTrue();
        assertThat(records.get(0).image()).isNull();
        assertThat(records.get(2).fetch()).isFalse();
    }

    @Test
    void version_isAReadAtTheStart_orderedByTheVersionRule() {
        // (the rule itself: VersionsTest)
        String repair = Versions.of(RepairRecords.of(List.of(diff(ReconcileReport.Kind.GHOST, "a")), START).get(0));

        assertThat(repair).isEqualTo(Versions.ofRead(START));
        // the repair wins over changes made before the read's window, and loses to those made after it
        assertThat(Versions.decide(repair, Versions.stream(NOW - Versions.READ_WINDOW_SECONDS, "9".repeat(40))))
                .isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(repair, Versions.stream(NOW - 1, "100000000000000000000")))
                .as("too close to the read to order: the worker reads the item again").isEqualTo(Versions.Decision.REREAD);
        assertThat(Versions.decide(Versions.stream(NOW + Versions.READ_WINDOW_SECONDS + 1, "100000000000000000000"), repair))
                .isEqualTo(Versions.Decision.APPLY);
    }

    @Test
    void of_ghostAndFetch_useTheSameReadVersion() {
        List<ChangeRecord> records = RepairRecords.of(List.of(diff(ReconcileReport.Kind.GHOST, "a"),
                diff(ReconcileReport.Kind.MISSING, "b")), START);

        assertThat(records).extracting(ChangeRecord::ts).containsOnly(Versions.readSeconds(START));
        assertThat(records).extracting(ChangeRecord::sequenceNumber).containsOnly(Versions.BACKFILL_SEQ);
        assertThat(records).extracting(ChangeRecord::ttl).containsOnly(false);
    }

    private static ReconcileReport.Difference diff(ReconcileReport.Kind kind, String id) {
        ObjectNode keys = M.createObjectNode();
        keys.putObject("id").put("S", id);
        return new ReconcileReport.Difference(kind, "id:S:" + id, keys, "");
    }
}
