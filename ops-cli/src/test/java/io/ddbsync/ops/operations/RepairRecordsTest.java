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
    void version_isAReadVersionWithTheClockSkewMargin() {
        String repair = Versions.of(RepairRecords.of(List.of(diff(ReconcileReport.Kind.STALE, "a")), START).get(0));

        assertThat(repair).isEqualTo(Versions.ofRead(START));
        assertThat(repair).isGreaterThan(Versions.stream(NOW - Versions.BACKFILL_SKEW_SECONDS - 1, "9".repeat(40)));
        // a change made within the margin before the reconcile (clock skew) still wins over the repair
        assertThat(repair).isLessThan(Versions.stream(NOW - Versions.BACKFILL_SKEW_SECONDS, "100000000000000000000"));
        assertThat(repair).isLessThan(Versions.stream(NOW - 1, "100000000000000000000"));
        assertThat(repair).isLessThan(Versions.stream(NOW, "100000000000000000000"));
    }

    @Test
    void of_ghostAndFetch_useTheSameReadVersion() {
        List<ChangeRecord> records = RepairRecords.of(List.of(diff(ReconcileReport.Kind.GHOST, "a"),
                diff(ReconcileReport.Kind.MISSING, "b")), START);

        assertThat(records).extracting(ChangeRecord::ts).containsOnly(Versions.readSeconds(START));
        assertThat(records).extracting(ChangeRecord::seq).containsOnly(Versions.BACKFILL_SEQ);
        assertThat(records).extracting(ChangeRecord::ttl).containsOnly(false);
    }

    private static ReconcileReport.Difference diff(ReconcileReport.Kind kind, String id) {
        ObjectNode keys = M.createObjectNode();
        keys.putObject("id").put("S", id);
        return new ReconcileReport.Difference(kind, "id:S:" + id, keys, "");
    }
}
