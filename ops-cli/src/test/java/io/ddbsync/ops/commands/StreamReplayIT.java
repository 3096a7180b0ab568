package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.localstack.esm.StreamPollerConfig;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.aws.dynamodb.DynamoJson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Test 2: a forwarder whose sends keep failing exhausts its retries, the stream poller leaves an
 * on-failure record; replay-stream-failures re-forwards the range and the index converges.
 */
class StreamReplayIT {

    @Test
    void replay_forwarderRetriesExhausted_rangeReforwardedAndIndexConverges() throws Exception {
        try (DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(LocalDynamoDb.shared().endpoint());
             DynamoDbStreamsClient streams = LocalAws.configure(DynamoDbStreamsClient.builder(), emulator.endpoint()).build()) {
            Pipeline p = new Pipeline("Replay", emulator.endpoint(), true);
            String failureQueueUrl = p.sqs.createQueue(b -> b.queueName(p.index + "-stream-failures")).queueUrl();
            String streamArn = p.dynamoDb.describeTable(b -> b.tableName(p.table)).table().latestStreamArn();
            // a forwarder pointed at a queue that does not exist: every send fails
            ForwarderConfig broken = new ForwarderConfig(URI.create(p.changeQueueUrl + "-missing"), 262_144,
                    Optional.of(Pipeline.sqsEndpoint()), "us-east-1");
            StreamForwarderHandler forwarder = new StreamForwarderHandler(broken, p.sqs,
                    EmfEnvironments.lines(System.out::println), Clock.systemUTC());
            StreamPollerConfig config = StreamPollerConfig.builder("stream-forwarder", streamArn)
                    .batchSize(100).batchingWindow(Duration.ofSeconds(1)).maximumRetryAttempts(1)
                    .bisectBatchOnFunctionError(false).build();
            try (StreamPoller poller = StreamPoller.start(streams, config, forwarder, OnFailureDestination.sqs(p.sqs, failureQueueUrl))) {
                List<WriteRequest> puts = List.of("s1", "s2", "s3").stream()
                        .map(id -> WriteRequest.builder().putRequest(PutRequest.builder()
                                .item(DynamoJson.toItem(ReconcileIT.post(id, "스트림 " + id, "4"))).build()).build())
                        .toList();
                p.dynamoDb.batchWriteItem(b -> b.requestItems(java.util.Map.of(p.table, puts)));
                for (int i = 0; i < 600 && poller.stats().discardedRecords() < 3; i++) {
                    Thread.sleep(100);
                }
                assertThat(poller.stats().discardedRecords()).isEqualTo(3);
            }
            assertThat(p.depth(failureQueueUrl)).isGreaterThanOrEqualTo(1);
            assertThat(p.searchAllOrEmpty()).isEmpty();

            TestRoot.Run run = TestRoot.run("replay-stream-failures", "--stream-failure-queue-url", failureQueueUrl,
                    "--change-queue-url", p.changeQueueUrl, "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(),
                    "--dynamodb-endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("(3 record(s))").contains("trimmed 0, failed 0");
            assertThat(p.depth(failureQueueUrl)).isZero();
            p.drain();
            assertThat(p.searchAll()).containsOnlyKeys(ReconcileIT.id("s1"), ReconcileIT.id("s2"), ReconcileIT.id("s3"));
            assertThat(p.searchAll().get(ReconcileIT.id("s2")).path("title").asText()).isEqualTo("스트림 s2");
        }
    }
}
