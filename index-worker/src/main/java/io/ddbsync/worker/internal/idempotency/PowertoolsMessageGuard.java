package io.ddbsync.worker.internal.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;
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

    private final DynamoDBPersistenceStore store;
    private final IdempotencyConfig config;
    private final Clock clock;

    public PowertoolsMessageGuard(DynamoDbClient dynamoDb, String table, Duration expiration) {
        this(dynamoDb, table, expiration, Clock.systemUTC());
    }

    public PowertoolsMessageGuard(DynamoDbClient dynamoDb, String table, Duration expiration, Clock clock) {
        this.store = DynamoDBPersistenceStore.builder()
                .withTableName(table)
                .withDynamoDbClient(dynamoDb)
                .build();
        this.config = IdempotencyConfig.builder()
                .withExpiration(expiration)
                .withThrowOnNoIdempotencyKey(true)
                .build();
        this.clock = clock;
        Idempotency.config().withPersistenceStore(store).withConfig(config).configure();
    }

    @Override
    public void startInvocation(Context context) {
        Idempotency.registerLambdaContext(context);
    }

    /**
     * Runs the work once per key. Two ways Powertools 1.15 can strand a record are repaired here, so
     * the next delivery of the message processes it instead of waiting out the record's expiration
     * (1 h): a record left IN_PROGRESS past its in-progress expiry (the invocation that held it died,
     * or failed to save its success) is deleted and the work is run; and when Powertools fails to
     * store the success or to delete the record after a failure, the record is deleted right away.
     * Running the work again is safe: the version guard makes a repeated write a no-op.
     */
    @Override
    public Outcome runOnce(String key, Runnable work) {
        try {
            return attempt(key, work);
        } catch (MessageInProgressException e) {
            if (!inProgressExpired(key)) {
                throw e;
            }
            forget(key, e);
            return attempt(key, work);
        } catch (IdempotencyStoreException e) {
            forget(key, e);
            if (e.getCause() instanceof IdempotencyInconsistentStateException) {
                // Powertools found a record whose in-progress time ran out (a killed invocation): gone now, run.
                return attempt(key, work);
            }
            throw e;
        }
    }

    private Outcome attempt(String key, Runnable work) {
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

    /** True when the key's record is IN_PROGRESS and its holder's deadline has passed. */
    private boolean inProgressExpired(String key) {
        try {
            store.configure(config, GUARDED_METHOD);
            DataRecord record = store.getRecord(TextNode.valueOf(key), clock.instant());
            if (record.getStatus() != DataRecord.Status.INPROGRESS) {
                return false;
            }
            OptionalLong until = record.getInProgressExpiryTimestamp();
            if (until.isEmpty()) {
                return false;
            }
            // Powertools 1.15 writes the deadline in epoch milliseconds (docs/FACTS.md: and compares it in seconds).
            long deadlineMillis = until.getAsLong() < 100_000_000_000L ? until.getAsLong() * 1000 : until.getAsLong();
            return deadlineMillis < clock.millis();
        } catch (IdempotencyItemNotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw new IdempotencyStoreException("cannot read the idempotency record of message " + key, e);
        }
    }

    /** Deletes the key's record; a failure here is reported with the original one. */
    private void forget(String key, RuntimeException original) {
        try {
            store.configure(config, GUARDED_METHOD);
            store.deleteRecord(TextNode.valueOf(key), original);
        } catch (RuntimeException e) {
            original.addSuppressed(e);
        }
    }

    /** The name Powertools derives the record key's prefix from: the woven method's. */
    static final String GUARDED_METHOD = "guarded";

    /** The woven method: Powertools stores the (constant) result under a hash of {@code key}. */
    @Idempotent
    public String guarded(@IdempotencyKey String key, Runnable work) {
        work.run();
        return "done";
    }
}
