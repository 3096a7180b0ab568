package io.ddbsync.testbench.benchmark;

import io.ddbsync.testbench.local.ForwardingStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A streams client that adds the time of each GetRecords call to {@link StageTimes}. */
final class TimedStreamsClient extends ForwardingStreamsClient {

    private final StageTimes times;

    TimedStreamsClient(DynamoDbStreamsClient delegate, StageTimes times) {
        super(delegate);
        this.times = times;
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        long t = System.nanoTime();
        try {
            return delegate.getRecords(request);
        } finally {
            times.getRecords(System.nanoTime() - t);
        }
    }
}
