package io.ddbsync.ops.bench;

import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;

/** A streams client that adds the time of each GetRecords call to {@link StageTimes}. */
final class TimedStreamsClient implements DynamoDbStreamsClient {

    private final DynamoDbStreamsClient delegate;
    private final StageTimes times;

    TimedStreamsClient(DynamoDbStreamsClient delegate, StageTimes times) {
        this.delegate = delegate;
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

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        return delegate.getShardIterator(request);
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        return delegate.describeStream(request);
    }

    @Override
    public ListStreamsResponse listStreams(ListStreamsRequest request) {
        return delegate.listStreams(request);
    }

    @Override
    public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
