package io.ddbsync.worker.support;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Wraps the real DynamoDB client and fails the next {@code n} UpdateItem calls in transport (what
 * Powertools' {@code saveSuccess} sends), forwarding everything else unchanged.
 */
public final class FailingUpdatesDynamoDb implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    public FailingUpdatesDynamoDb(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    public void failNextUpdates(int n) {
        failuresLeft.set(n);
    }

    /** UpdateItem calls failed so far. */
    public int injected() {
        return injected.get();
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            injected.incrementAndGet();
            throw SdkClientException.create("UpdateItem failed (injected by the test)");
        }
        return delegate.updateItem(r);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        return delegate.getItem(r);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        return delegate.putItem(r);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        return delegate.deleteItem(r);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
        return delegate.batchGetItem(r);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
    }
}
