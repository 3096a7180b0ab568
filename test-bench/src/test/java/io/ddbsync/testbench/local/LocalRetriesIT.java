package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Retries you can see: with a short local retry setting (visibility timeout 3 s, dead-lettered after 2 receives) a
 * change OpenSearch refuses is listed as being retried, with its table, key and receive count, and then reaches the
 * dead-letter queue within seconds instead of the deployed 15 minutes.
 */
class LocalRetriesIT {

    @Test
    void pipeline_poisonChangeWithShortRetries_listedWithReceiveCountThenDeadLettered() throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings("Posts", 2, List.of(), Duration.ofSeconds(3), 2);
        try (LocalPipeline p = LocalPipeline.start(settings, s -> { }, x -> { })) {
            p.startSync();
            p.dynamo().putItem(b -> b.tableName("Posts").item(Map.of("id", AttributeValue.fromS("numeric"),
                    "score", AttributeValue.fromN("1"))));
            awaitTrue(() -> IndexSnapshot.count(p.openSearch(), p.index()) == 1);
            // more attributes than the index's total fields limit (1000): refused naming no field, so no quarantine fixes it
            Map<String, AttributeValue> wide = new java.util.LinkedHashMap<>();
            wide.put("id", AttributeValue.fromS("poison"));
            for (int i = 0; i < 1_001; i++) {
                wide.put(String.format("w%04d", i), AttributeValue.fromS("x"));
            }
            p.dynamo().putItem(b -> b.tableName("Posts").item(wide));

            LocalStatus status = new LocalStatus(p);
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // bounded wait, no timing asserted
            while (System.nanoTime() < deadline && Queues.depth(p.sqs(), p.queues().deadLetterQueueUrl()) == 0) {
                seen.addAll(status.retryLines(p.retrying(), java.time.Instant.now()));
                Thread.sleep(200);
            }

            assertThat(Queues.depth(p.sqs(), p.queues().deadLetterQueueUrl())).isEqualTo(1);
            assertThat(seen).anySatisfy(line -> assertThat(line).contains("Posts").contains("\"poison\"")
                    .contains("receive 1/2").contains("delivered again in").contains("dead-lettered in").contains("if it keeps failing"));
            assertThat(seen).anySatisfy(line -> assertThat(line).contains("\"poison\"")
                    .contains("receive 2/2").contains("dead-lettered"));
            awaitTrue(() -> p.retrying().isEmpty()); // once due in the dead-letter queue it is no longer listed
            assertThat(p.retrying()).isEmpty();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
