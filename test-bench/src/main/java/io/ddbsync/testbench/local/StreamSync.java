package io.ddbsync.testbench.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.esm.OnFailureDestination;
import io.ddbsync.localstack.esm.StartingPosition;
import io.ddbsync.localstack.esm.StreamPoller;
import io.ddbsync.localstack.esm.StreamPollerConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stream side of the local pipeline, one per table: the stream event source mapping emulator reading the
 * table's stream (from LATEST for the demo table, whose earlier items the backfill brings; from TRIM_HORIZON, as
 * the stack's mappings, for a table attached while running) and invoking the forwarder with the settings the forwarder's README
 * recommends (batch 500, window 1 s, ReportBatchItemFailures, bisect, 10 retries, 6 h record age,
 * on-failure metadata to the stream-failure queue).
 */
final class StreamSync implements AutoCloseable {

    static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);

    private final DynamoDbStreamsClient streams;
    private final StreamPoller poller;

    private StreamSync(DynamoDbStreamsClient streams, StreamPoller poller) {
        this.streams = streams;
        this.poller = poller;
    }

    /** Starts the poller and returns once it holds its LATEST position, so every later write reaches the forwarder. */
    static StreamSync start(URI endpoint, String streamArn, RequestHandler<DynamodbEvent, StreamsEventResponse> forwarder,
                            SqsClient sqs, String failureQueueUrl, Duration timeout) {
        return start(endpoint, streamArn, StartingPosition.LATEST, forwarder, sqs, failureQueueUrl, timeout);
    }

    /** Starts the poller at {@code position} and returns once it holds its first shard iterator. */
    static StreamSync start(URI endpoint, String streamArn, StartingPosition position,
                            RequestHandler<DynamodbEvent, StreamsEventResponse> forwarder,
                            SqsClient sqs, String failureQueueUrl, Duration timeout) {
        PositionedStreamsClient client = new PositionedStreamsClient(
                LocalAws.configure(DynamoDbStreamsClient.builder(), endpoint).build());
        try {
            StreamPollerConfig config = LocalPipeline.forwarderMapping(streamArn, position,
                    LocalPipeline.FORWARDER_BATCH_SIZE, timeout);
            StreamSync sync = new StreamSync(client,
                    StreamPoller.start(client, config, forwarder, OnFailureDestination.sqs(sqs, failureQueueUrl)));
            try {
                if (!client.awaitPositioned(POSITION_TIMEOUT)) {
                    sync.close();
                    throw new LocalPipelineException("the stream poller took no shard iterator of " + streamArn
                            + " within " + POSITION_TIMEOUT);
                }
            } catch (InterruptedException e) {
                sync.close();
                Thread.currentThread().interrupt();
                throw new LocalPipelineException("interrupted while the stream poller started", e);
            }
            return sync;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            poller.close();
        } finally {
            streams.close();
        }
    }
}
