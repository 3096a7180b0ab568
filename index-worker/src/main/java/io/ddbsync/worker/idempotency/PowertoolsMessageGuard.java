package io.ddbsync.worker.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.IdempotencyKey;
import software.amazon.lambda.powertools.idempotency.Idempotent;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyAlreadyInProgressException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyConfigurationException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyInconsistentStateException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyKeyException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyPersistenceLayerException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyValidationException;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * Powertools (v1) idempotency, woven at compile time: {@link #guarded} is {@code @Idempotent}
 * on the envelope id, persisted in DynamoDB (partition key {@code id}, TTL {@code expiration}).
 * An exception thrown by the work makes Powertools delete the in-progress record.
 *
 * <p>Powertools keeps its configuration in a process-wide singleton; this class configures it
 * in its constructor, so one process uses one idempotency table.
 */
public final class PowertoolsMessageGuard implements MessageGuard {

    public static final Duration DEFAULT_EXPIRATION = Duration.ofHours(1);

    public PowertoolsMessageGuard(DynamoDbClient dynamoDb, String table, Duration expiration) {
        Idempotency.config()
                .withPersistenceStore(DynamoDBPersistenceStore.builder()
                        .withTableName(table)
                        .withDynamoDbClient(dynamoDb)
                        .build())
                .withConfig(IdempotencyConfig.builder()
                        .withExpiration(expiration)
                        .withThrowOnNoIdempotencyKey(true)
                        .build())
                .configure();
    }

    @Override
    public void startInvocation(Context context) {
        Idempotency.registerLambdaContext(context);
    }

    @Override
    public Outcome runOnce(String key, Runnable work) {
        AtomicBoolean ran = new AtomicBoolean();
        try {
            guarded(key, () -> {
                ran.set(true);
                work.run();
            });
        } catch (IdempotencyAlreadyInProgressException e) {
            throw new MessageInProgressException("message " + key + " is being processed by another invocation", e);
        } catch (IdempotencyPersistenceLayerException | IdempotencyInconsistentStateException
                 | IdempotencyConfigurationException | IdempotencyKeyException | IdempotencyValidationException e) {
            throw new IdempotencyStoreException("idempotency store failed for message " + key, e);
        }
        return ran.get() ? Outcome.EXECUTED : Outcome.DUPLICATE;
    }

    /** The woven method: Powertools stores the (constant) result under a hash of {@code key}. */
    @Idempotent
    public String guarded(@IdempotencyKey String key, Runnable work) {
        work.run();
        return "done";
    }
}
