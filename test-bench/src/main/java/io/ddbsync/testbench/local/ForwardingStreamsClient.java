package io.ddbsync.testbench.local;

import java.util.Objects;
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

/**
 * A DynamoDB Streams client that passes every call the stream poller makes to {@code delegate}; a subclass
 * overrides the one call it observes (when the first iterator is handed out, how long GetRecords takes).
 */
public abstract class ForwardingStreamsClient implements DynamoDbStreamsClient {

    protected final DynamoDbStreamsClient delegate;

    protected ForwardingStreamsClient(DynamoDbStreamsClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        return delegate.getShardIterator(request);
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        return delegate.getRecords(request);
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
