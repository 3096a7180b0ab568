package io.ddbsync.ops.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CheckpointTest {

    @Test
    void openOrCreate_afterPages_restoresDoneSegmentsPositionsCountsAndScanStart(@TempDir Path dir) {
        Path file = dir.resolve("cp.json");
        Instant start = Instant.parse("2026-01-02T03:04:05Z");
        Checkpoint c = Checkpoint.openOrCreate(Optional.of(file), "Posts", 3, start);
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("post-00042"), "n", AttributeValue.fromN("7"));
        c.pageSent(0, 10, key);
        c.pageSent(0, 5, Map.of());
        c.pageSent(2, 4, key);

        Checkpoint read = Checkpoint.openOrCreate(Optional.of(file), "Posts", 3, Instant.now());

        assertThat(read.scanStart()).isEqualTo(start);
        assertThat(read.isDone(0)).isTrue();
        assertThat(read.isDone(1)).isFalse();
        assertThat(read.isDone(2)).isFalse();
        assertThat(read.next(0)).isEmpty();
        assertThat(read.next(1)).isEmpty();
        assertThat(read.next(2)).contains(key);
        assertThat(read.itemsDone()).isEqualTo(19);
    }

    @Test
    void openOrCreate_fileOfAnotherRun_startedOverNotResumed(@TempDir Path dir) {
        Path file = dir.resolve("cp.json");
        Checkpoint first = Checkpoint.openOrCreate(Optional.of(file), "Posts", 2, Instant.parse("2026-01-01T00:00:00Z"), "reindex posts_v2 1");
        first.pageSent(0, 10, Map.of());
        first.pageSent(1, 10, Map.of());

        Checkpoint same = Checkpoint.openOrCreate(Optional.of(file), "Posts", 2, Instant.now(), "reindex posts_v2 1");
        Checkpoint next = Checkpoint.openOrCreate(Optional.of(file), "Posts", 2, Instant.now(), "reindex posts_v3 2");

        assertThat(same.startedOver()).isFalse();
        assertThat(same.isDone(0)).isTrue();
        assertThat(next.startedOver()).isTrue();
        assertThat(next.isDone(0)).isFalse();
        assertThat(next.isDone(1)).isFalse();
        assertThat(next.itemsDone()).isZero();
    }

    @Test
    void openOrCreate_otherSegmentCount_failsNamingFile(@TempDir Path dir) {
        Path file = dir.resolve("cp.json");
        Checkpoint.openOrCreate(Optional.of(file), "Posts", 3, Instant.now());
        assertThatThrownBy(() -> Checkpoint.openOrCreate(Optional.of(file), "Posts", 4, Instant.now()))
                .isInstanceOf(BackfillException.class).hasMessageContaining(file.toString()).hasMessageContaining("3 segments");
    }

    @Test
    void openOrCreate_corruptFile_failsNamingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cp.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> Checkpoint.openOrCreate(Optional.of(file), "Posts", 3, Instant.now()))
                .isInstanceOf(BackfillException.class).hasMessageContaining("cannot read checkpoint " + file);
    }

    @Test
    void pageSent_withoutFile_keepsStateInMemoryOnly() {
        Checkpoint c = Checkpoint.openOrCreate(Optional.empty(), "Posts", 2, Instant.EPOCH);
        c.pageSent(1, 3, Map.of());
        assertThat(c.isDone(1)).isTrue();
        assertThat(c.itemsDone()).isEqualTo(3);
    }
}
