package io.ddbsync.model.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendBatchesTest {

    static List<PackedMessage> messages(Random random, int count, int maxBody) {
        List<PackedMessage> all = new ArrayList<>();
        EnvelopePacker packer = new EnvelopePacker(maxBody);
        for (int i = 0; i < count; i++) {
            all.addAll(packer.pack("T", List.of(EnvelopePackerTest.record(i, "x".repeat(random.nextInt(maxBody - 300))))));
        }
        return all;
    }

    @Test
    void group_manySmallMessages_tenPerBatchInOrder() {
        List<PackedMessage> msgs = messages(new Random(1), 25, 1024);

        List<List<PackedMessage>> groups = SendBatches.group(msgs);

        assertThat(groups).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(groups.stream().flatMap(List::stream).toList()).isEqualTo(msgs);
    }

    @Test
    void group_randomMessages_respectEntriesAndTotalBytes() {
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            List<PackedMessage> msgs = messages(random, 1 + random.nextInt(40), 1024 + random.nextInt(300_000));
            int maxEntries = 1 + random.nextInt(10);
            int overhead = random.nextInt(100);

            List<List<PackedMessage>> groups = SendBatches.group(msgs, maxEntries, SendBatches.MAX_TOTAL_BYTES, overhead);

            assertThat(groups.stream().flatMap(List::stream).toList()).isEqualTo(msgs);
            for (int g = 0; g < groups.size(); g++) {
                List<PackedMessage> group = groups.get(g);
                long total = group.stream().mapToLong(m -> m.bodyBytes() + overhead).sum();
                assertThat(group).isNotEmpty().hasSizeLessThanOrEqualTo(maxEntries);
                assertThat(total).isLessThanOrEqualTo(SendBatches.MAX_TOTAL_BYTES);
                if (g + 1 < groups.size() && group.size() < maxEntries) {
                    assertThat(total + groups.get(g + 1).get(0).bodyBytes() + overhead)
                            .as("greedy: next message did not fit").isGreaterThan(SendBatches.MAX_TOTAL_BYTES);
                }
            }
        }
    }

    @Test
    void group_messageLargerThanBatchLimit_fails() {
        List<PackedMessage> msgs = messages(new Random(1), 1, 4096);

        assertThatThrownBy(() -> SendBatches.group(msgs, 10, 1000, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than a batch's 1000");
    }

    @Test
    void group_badLimits_fail() {
        assertThatThrownBy(() -> SendBatches.group(List.of(), 11, 1000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendBatches.group(List.of(), 0, 1000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendBatches.group(List.of(), 10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendBatches.group(List.of(), 10, 1000, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void group_noMessages_noGroups() {
        assertThat(SendBatches.group(List.of())).isEmpty();
    }
}
