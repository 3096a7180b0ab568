package io.ddbsync.model.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackfillWorkItemTest {

    private static final Instant START = Instant.parse("2026-12-05T01:40:02Z");

    static ObjectNode key(String id) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("{\"id\":{\"S\":\"" + id + "\"},\"n\":{\"N\":\"12.50\"}}");
    }

    @Test
    void toJson_firstItem_roundTripsWithNullStartKey() {
        BackfillWorkItem item = BackfillWorkItem.first("20261205t014002z-3f9a", "Posts", 3, 8, 200.0, 500, START);

        String json = item.toJson();

        assertThat(json).contains("\"exclusiveStartKey\":null").contains("\"v\":1");
        assertThat(BackfillWorkItem.fromJson(json)).isEqualTo(item);
    }

    @Test
    void toJson_continuation_roundTripsStartKeyExactly() throws Exception {
        BackfillWorkItem item = BackfillWorkItem.first("run-1", "Posts", 0, 2, 0, 100, START).continueFrom(key("p42"), 700);

        BackfillWorkItem back = BackfillWorkItem.fromJson(item.toJson());

        assertThat(back).isEqualTo(item);
        assertThat(back.exclusiveStartKey().toString()).isEqualTo("{\"id\":{\"S\":\"p42\"},\"n\":{\"N\":\"12.50\"}}");
        assertThat(back.step()).isEqualTo(1);
        assertThat(back.itemsSent()).isEqualTo(700);
    }

    @Test
    void fromJson_segmentOutOfRange_namesTheField() {
        String json = BackfillWorkItem.first("run-1", "Posts", 1, 2, 0, 100, START).toJson().replace("\"segment\":1", "\"segment\":5");

        assertThatThrownBy(() -> BackfillWorkItem.fromJson(json)).isInstanceOf(BackfillWireException.class)
                .hasMessageContaining("segment must be in 0..1, got 5");
    }

    @Test
    void fromJson_notJsonOrMissingField_isAWireException() {
        assertThatThrownBy(() -> BackfillWorkItem.fromJson("not json")).isInstanceOf(BackfillWireException.class);
        assertThatThrownBy(() -> BackfillWorkItem.fromJson("{\"v\":1,\"run\":\"r\"}")).isInstanceOf(BackfillWireException.class)
                .hasMessageContaining("field table");
        assertThatThrownBy(() -> BackfillWorkItem.fromJson("{\"v\":2}")).hasMessageContaining("unknown version 2");
    }

    @Test
    void segmentReadUnitsPerSecond_isTheRunsBudgetOverItsSegments() {
        assertThat(BackfillWorkItem.first("r", "T", 0, 8, 200, 10, START).segmentReadUnitsPerSecond()).isEqualTo(25.0);
    }

    @Test
    void runAndSegmentProgress_roundTrip() {
        BackfillRun run = new BackfillRun("20261205t014002z-3f9a", "Posts", 8, 0, 500, START, 200_000);
        SegmentProgress p = new SegmentProgress(3, 4, 2_500, SegmentProgress.State.DONE, START.plusSeconds(9));

        assertThat(BackfillRun.fromJson(run.toJson())).isEqualTo(run);
        assertThat(SegmentProgress.fromJson(p.toJson())).isEqualTo(p);
        assertThat(run.firstWorkItem(7)).isEqualTo(BackfillWorkItem.first(run.run(), "Posts", 7, 8, 0, 500, START));
    }

    @Test
    void backfillRun_runIdWithUpperCaseOrSlash_isRefused() {
        assertThatThrownBy(() -> new BackfillRun("a/b", "T", 1, 0, 1, START, -1)).hasMessageContaining("run id");
    }

    @Test
    void status_halfTheSegmentsDone_countsRateAndEta() {
        BackfillRun run = new BackfillRun("r1", "T", 2, 0, 500, START, 1_000);
        BackfillStatus s = BackfillStatus.of(run, java.util.List.of(
                new SegmentProgress(0, 1, 400, SegmentProgress.State.DONE, START.plusSeconds(8)),
                new SegmentProgress(1, 0, 100, SegmentProgress.State.RUNNING, START.plusSeconds(9))), false, START.plusSeconds(10));

        assertThat(s.segmentsDone()).isEqualTo(1);
        assertThat(s.itemsSent()).isEqualTo(500);
        assertThat(s.itemsPerSecond()).isEqualTo(50.0);
        assertThat(s.eta()).contains(java.time.Duration.ofSeconds(10));
        assertThat(s.state()).isEqualTo("RUNNING");
    }

    @Test
    void status_cancelled_hasNoEtaAndSaysCancelled() {
        BackfillRun run = new BackfillRun("r1", "T", 2, 0, 500, START, 1_000);
        BackfillStatus s = BackfillStatus.of(run, java.util.List.of(
                new SegmentProgress(0, 0, 10, SegmentProgress.State.CANCELLED, START.plusSeconds(2))), true, START.plusSeconds(60));

        assertThat(s.state()).isEqualTo("CANCELLED");
        assertThat(s.eta()).isEmpty();
        assertThat(s.itemsPerSecond()).isEqualTo(5.0);
    }
}
