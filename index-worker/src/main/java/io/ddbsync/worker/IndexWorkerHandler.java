package io.ddbsync.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.ddbsync.worker.internal.dynamodb.DynamoDbItemFetcher;
import io.ddbsync.worker.internal.dynamodb.ItemFetcher;
import io.ddbsync.aws.opensearch.FailureNotes;
import io.ddbsync.worker.internal.idempotency.MessageGuard;
import io.ddbsync.worker.internal.idempotency.PowertoolsMessageGuard;
import io.ddbsync.worker.internal.dynamodb.BudgetedDynamoDbClient;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.opensearch.WriteTargets;
import io.ddbsync.worker.internal.time.InvocationBudget;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.internal.process.MessageProcessor;
import io.ddbsync.worker.internal.process.MessageResult;
import io.ddbsync.worker.time.TimeBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.Logging;
import org.crac.Core;

/**
 * Lambda handler: SQS change messages → idempotent, version-guarded OpenSearch writes. Wiring only:
 * collaborators are built once; each batch is processed in parallel (bounded) and answered with the
 * ids of the failed messages. No message starts once less than the time margin is left: those are
 * reported failed, so none is ever cut off mid-way.
 */
public final class IndexWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(IndexWorkerHandler.class);

    private final MessageProcessor processor;
    private final MessageGuard guard;
    private final WorkerParts parts;
    private final ExecutorService executor;
    private final FailureNotes failureNotes;
    private final InvocationBudget invocationBudget = new InvocationBudget();
    /** Held here: the CRaC context keeps only a weak reference to what is registered. */
    private final SnapStartPriming priming;

    /** For the Lambda runtime: configuration from the environment. */
    public IndexWorkerHandler() {
        this(WorkerParts.fromEnv(System.getenv()));
    }

    public IndexWorkerHandler(WorkerParts parts) {
        this.parts = parts;
        String metadataField = parts.config().metadataField();
        Optional<DynamoDbClient> dynamoDb = parts.dynamoDb().map(c -> new BudgetedDynamoDbClient(c, invocationBudget));
        this.guard = parts.config().idempotencyTable()
                .map(table -> (MessageGuard) new PowertoolsMessageGuard(
                        dynamoDb.orElseThrow(() -> new IllegalArgumentException("IDEMPOTENCY_TABLE needs a DynamoDB client")),
                        table, PowertoolsMessageGuard.DEFAULT_EXPIRATION, parts.clock()))
                .orElseGet(MessageGuard::none);
        ItemFetcher fetcher = dynamoDb.<ItemFetcher>map(c -> new DynamoDbItemFetcher(c, invocationBudget))
                .orElseGet(ItemFetcher::unavailable);
        this.processor = new MessageProcessor(
                new IndexBootstrap(parts.openSearch(), parts.templates(), metadataField),
                new VersionedBulkWriter(parts.openSearch(), metadataField, parts.maxBulkBytes(), parts.metrics(), parts.clock()),
                new WriteTargets(parts.openSearch(), parts.clock()),
                fetcher,
                parts.config()::converterFor,
                guard, parts.metrics(), parts.config()::indexFor, parts.config()::ttlDeletesFor,
                Duration.ofDays(parts.config().tombstoneRetentionDays()), parts.clock());
        this.failureNotes = new FailureNotes(parts.openSearch(), parts.clock());
        this.priming = new SnapStartPriming(parts);
        Core.getGlobalContext().register(priming); // SnapStart runs it before the snapshot
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(parts.parallelism(), r -> {
            Thread t = new Thread(r, "index-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    @Logging(clearState = true)
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        guard.startInvocation(context);
        TimeBudget budget = new TimeBudget(context::getRemainingTimeInMillis, parts.marginMillis());
        invocationBudget.start(budget);
        List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<Future<MessageResult>> futures = new ArrayList<>(messages.size());
        Map<String, String> invocationIds = MDC.getCopyOfContextMap(); // Powertools' request id etc., for the pool's threads
        for (SQSMessage m : messages) {
            futures.add(executor.submit(() -> withIds(invocationIds,
                    () -> budget.canStart() ? processor.process(m, budget) : notStarted(m, budget))));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<FailureNotes.Failure> notes = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            MessageResult result = await(futures.get(i), messages.get(i), budget);
            if (result.failed()) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(result.messageId()).build());
                SQSMessage m = messages.get(i);
                notes.add(new FailureNotes.Failure(m.getMessageId(), m.getBody(),
                        m.getAttributes() == null ? null : m.getAttributes().get("ApproximateReceiveCount"),
                        ((MessageResult.Failed) result).reason()));
            }
        }
        if (!notes.isEmpty()) {
            if (budget.canStart()) {
                failureNotes.record(notes, budget.callTimeout());
            } else {
                LOG.atWarn().addKeyValue("messages", notes.size()).addKeyValue(LogFields.REASON, "time budget")
                        .log("failure notes skipped");
            }
        }
        parts.metrics().flush();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static MessageResult withIds(Map<String, String> ids, Supplier<MessageResult> work) {
        if (ids != null) {
            MDC.setContextMap(ids);
        }
        try {
            return work.get();
        } finally {
            MDC.clear();
        }
    }

    private MessageResult notStarted(SQSMessage m, TimeBudget budget) {
        String reason = "not started: " + budget.remainingMillis() + " ms left, margin " + budget.marginMillis() + " ms";
        LOG.atWarn().addKeyValue(LogFields.MESSAGE_ID, m.getMessageId()).addKeyValue(LogFields.REASON, reason)
                .log("message not started");
        return new MessageResult.Failed(m.getMessageId(), reason);
    }

    /** Waits for a message at most until a quarter of the margin is left: the handler always returns before its deadline. */
    private MessageResult await(Future<MessageResult> future, SQSMessage m, TimeBudget budget) {
        try {
            return future.get(Math.max(0, budget.remainingMillis() - budget.marginMillis() / 4), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            String reason = "still running when the invocation's time ran out";
            LOG.atError().addKeyValue(LogFields.MESSAGE_ID, m.getMessageId()).addKeyValue(LogFields.REASON, reason)
                    .log("message failed");
            return new MessageResult.Failed(m.getMessageId(), reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unexpected(m, e);
        } catch (ExecutionException e) {
            return unexpected(m, e.getCause());
        }
    }

    private MessageResult unexpected(SQSMessage m, Throwable e) {
        String reason = "unexpected error: " + e;
        LOG.atError().setCause(e).addKeyValue(LogFields.MESSAGE_ID, m.getMessageId()).addKeyValue(LogFields.REASON, reason)
                .log("message failed");
        return new MessageResult.Failed(m.getMessageId(), reason);
    }
}
