package io.ddbsync.testbench.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A streams client that tells when the stream poller holds its first shard iterator. The poller
 * asks for its LATEST iterator on its reader thread, after {@code start} returned; writes made
 * before that moment would reach neither the stream poller nor (if the scan already passed their
 * key) the backfill. {@link LocalPipeline#startSync} waits for this before anything is written.
 */
final class PositionedStreamsClient extends ForwardingStreamsClient {

    private final CountDownLatch positioned = new CountDownLatch(1);

    PositionedStreamsClient(DynamoDbStreamsClient delegate) {
        super(delegate);
    }

    /** Waits until an iterator was handed out; false on timeout. */
    boolean awaitPositioned(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        GetShardIteratorResponse response = delegate.getShardIterator(request);
        positioned.countDown();
        return response;
    }
}
