package io.ddbsync.worker.internal.dynamodb;

import io.ddbsync.worker.time.TimeBudget;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
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
 * A DynamoDB client whose every call (the worker's BatchGetItem and the item calls of Powertools'
 * {@code DynamoDBPersistenceStore}: GetItem, PutItem, UpdateItem, DeleteItem) carries an SDK
 * {@code apiCallTimeout} derived from the current invocation's remaining time
 * ({@link TimeBudget#callTimeout()}), so no DynamoDB call outlives the invocation. A call with no
 * time left is not sent: it fails at once with an {@link SdkClientException}. Other operations are
 * not used by the worker and stay unsupported (the interface's defaults).
 */
public final class BudgetedDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Supplier<TimeBudget> budget;

    public BudgetedDynamoDbClient(DynamoDbClient delegate, Supplier<TimeBudget> budget) {
        this.delegate = delegate;
        this.budget = budget;
    }

    private AwsRequestOverrideConfiguration timeout(String operation, AwsRequestOverrideConfiguration base) {
        Duration t = budget.get().callTimeout();
        if (t.isZero() || t.isNegative()) {
            throw SdkClientException.create(operation + " not sent: the invocation has no time left");
        }
        AwsRequestOverrideConfiguration.Builder b = base == null ? AwsRequestOverrideConfiguration.builder() : base.toBuilder();
        return b.apiCallTimeout(t).build();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
        return delegate.batchGetItem(r.toBuilder()
                .overrideConfiguration(timeout("BatchGetItem", r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        return delegate.getItem(r.toBuilder()
                .overrideConfiguration(timeout("GetItem", r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        return delegate.putItem(r.toBuilder()
                .overrideConfiguration(timeout("PutItem", r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        return delegate.updateItem(r.toBuilder()
                .overrideConfiguration(timeout("UpdateItem", r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        return delegate.deleteItem(r.toBuilder()
                .overrideConfiguration(timeout("DeleteItem", r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
