package io.ddbsync.worker.delivery;

import com.amazonaws.services.lambda.runtime.Context;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.FailureNotes;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.worker.WorkerParts;
import io.ddbsync.worker.internal.dynamodb.BudgetedDynamoDbClient;
import io.ddbsync.worker.internal.dynamodb.DynamoDbItemFetcher;
import io.ddbsync.worker.internal.dynamodb.ItemFetcher;
import io.ddbsync.worker.internal.idempotency.MessageGuard;
import io.ddbsync.worker.internal.idempotency.PowertoolsMessageGuard;
import io.ddbsync.worker.internal.opensearch.CreateFirstOdds;
import io.ddbsync.worker.internal.opensearch.InvocationBulk;
import io.ddbsync.worker.internal.process.IndexWriting;
import io.ddbsync.worker.internal.process.MessageProcessor;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.internal.time.InvocationBudget;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.opensearch.WriteTargets;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The worker's core, free of any transport: a batch of {@link Delivery deliveries} in, one {@link DeliveryOutcome}
 * per delivery out, in the same order. A handler per transport (today {@code IndexWorkerHandler} for SQS) turns its
 * event into deliveries and the outcomes into its own partial batch response, as Powertools' batch module has one
 * handler per event type over one per-record function.
 *
 * <p>Deliveries of a batch run in parallel (at most {@link WorkerParts#parallelism()} at once). No delivery starts
 * once less than the reserve ({@link WorkerParts#reserveMillis()}) is left of the invocation: it fails with a reason,
 * so none is ever cut off mid-way, and the batch returns before the invocation's deadline. With
 * {@link WorkerParts#bulkPerInvocation()} on, the deliveries of one batch send their {@code _bulk} requests together
 * ({@link InvocationBulk}); each keeps its own version guard and outcome. Failed deliveries leave a
 * failure note ({@link FailureNotes}) when there is time for it. Built once per process; thread-safe.
 */
public final class DeliveryProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final WorkerParts parts;
    private final MessageProcessor processor;
    private final MessageGuard guard;
    private final FailureNotes failureNotes;
    private final ExecutorService executor;
    private final InvocationBudget invocationBudget = new InvocationBudget();
    /** The gather of the invocation whose message this thread runs ({@code BULK_PER_INVOCATION=on}); else unset. */
    private static final ThreadLocal<InvocationBulk> GATHER = new ThreadLocal<>();

    /** Builds every collaborator from {@code parts}: idempotency guard, item fetcher, bootstrap, writer, targets. */
    public DeliveryProcessor(WorkerParts parts) {
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
        IndexWriting writing = new IndexWriting(
                new IndexBootstrap(parts.openSearch(), parts.templates(), metadataField),
                new VersionedBulkWriter(parts.openSearch(), metadataField, parts.maxBulkBytes(), parts.metrics(), parts.clock(),
                        table -> parts.config().quarantineFor(table) == io.ddbsync.model.config.WorkerConfig.Quarantine.ON,
                        this::bulk, parts.createFirstReads() == WorkerParts.Switch.ON ? new CreateFirstOdds() : null),
                new WriteTargets(parts.openSearch(), parts.clock()));
        this.processor = new MessageProcessor(writing, fetcher, parts.config(), guard, parts.metrics(), parts.clock());
        this.failureNotes = new FailureNotes(parts.openSearch(), parts.clock());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(parts.parallelism(), r -> {
            Thread t = new Thread(r, "index-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Tells the idempotency store about the Lambda invocation (Powertools keeps its context); once per invocation. */
    public void startInvocation(Context context) {
        guard.startInvocation(context);
    }

    /**
     * Processes one batch.
     *
     * @param deliveries      the batch, in the transport's order
     * @param remainingMillis the invocation's time left in milliseconds (Lambda's {@code getRemainingTimeInMillis})
     * @return one outcome per delivery, in the same order; never throws for a single delivery's failure
     */
    public List<DeliveryOutcome> process(List<Delivery> deliveries, LongSupplier remainingMillis) {
        TimeBudget budget = new TimeBudget(remainingMillis, parts.reserveMillis());
        invocationBudget.start(budget);
        List<Future<DeliveryOutcome>> futures = new ArrayList<>(deliveries.size());
        Map<String, String> invocationIds = MDC.getCopyOfContextMap(); // Powertools' request id etc., for the pool's threads
        InvocationBulk gather = parts.bulkPerInvocation() == WorkerParts.Switch.ON
                ? new InvocationBulk(this::send, parts.maxBulkBytes()) : null;
        for (Delivery d : deliveries) {
            futures.add(executor.submit(() -> withIds(invocationIds, gather,
                    () -> budget.canStart() ? processor.process(d, budget) : notStarted(d, budget))));
        }
        List<DeliveryOutcome> outcomes = new ArrayList<>(deliveries.size());
        List<FailureNotes.Failure> notes = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            Delivery d = deliveries.get(i);
            DeliveryOutcome outcome = await(futures.get(i), d, budget);
            outcomes.add(outcome);
            if (outcome instanceof DeliveryOutcome.Failed failed) {
                notes.add(new FailureNotes.Failure(d.id(), d.body(),
                        d.receiveCount() > 0 ? Integer.toString(d.receiveCount()) : null, failed.reason(), failed.failedKey(),
                        failed.failedSequenceNumber()));
            }
        }
        writeNotes(notes, budget);
        parts.metrics().flush();
        return outcomes;
    }

    private void writeNotes(List<FailureNotes.Failure> notes, TimeBudget budget) {
        if (notes.isEmpty()) {
            return;
        }
        if (budget.canStart()) {
            failureNotes.record(notes, budget.callTimeout());
        } else {
            LOG.atWarn().addKeyValue("messages", notes.size()).addKeyValue(LogFields.REASON, "time budget")
                    .log("failure notes skipped");
        }
    }

    private static DeliveryOutcome withIds(Map<String, String> ids, InvocationBulk gather, Supplier<DeliveryOutcome> work) {
        if (ids != null) {
            MDC.setContextMap(ids);
        }
        if (gather != null) {
            gather.enter();
            GATHER.set(gather);
        }
        try {
            return work.get();
        } finally {
            MDC.clear();
            if (gather != null) {
                GATHER.remove();
                gather.leave();
            }
        }
    }

    /** The writer's {@code _bulk}: through this thread's invocation gather when there is one. */
    private SearchReply bulk(List<BulkAction> actions, Duration timeout) {
        InvocationBulk gather = GATHER.get();
        return gather != null ? gather.bulk(actions, timeout) : send(actions, timeout);
    }

    /** One {@code _bulk} request to the target, counted ({@link WorkerMetricNames#BULK_REQUESTS}). */
    private SearchReply send(List<BulkAction> actions, Duration timeout) {
        parts.metrics().count(WorkerMetricNames.BULK_REQUESTS, 1);
        return parts.openSearch().bulk(actions, timeout);
    }

    private static DeliveryOutcome notStarted(Delivery d, TimeBudget budget) {
        String reason = "not started: " + budget.remainingMillis() + " ms left, reserve " + budget.reserveMillis() + " ms";
        LOG.atWarn().addKeyValue(LogFields.MESSAGE_ID, d.id()).addKeyValue(LogFields.REASON, reason)
                .log("message not started");
        return new DeliveryOutcome.Failed(d.id(), reason);
    }

    /** Waits for a delivery at most until a quarter of the reserve is left: the batch always returns before its deadline. */
    private static DeliveryOutcome await(Future<DeliveryOutcome> future, Delivery d, TimeBudget budget) {
        try {
            return future.get(Math.max(0, budget.remainingMillis() - budget.reserveMillis() / 4), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            String reason = "still running when the invocation's time ran out";
            LOG.atError().addKeyValue(LogFields.MESSAGE_ID, d.id()).addKeyValue(LogFields.REASON, reason)
                    .log("message failed");
            return new DeliveryOutcome.Failed(d.id(), reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unexpected(d, e);
        } catch (ExecutionException e) {
            return unexpected(d, e.getCause());
        }
    }

    private static DeliveryOutcome unexpected(Delivery d, Throwable e) {
        String reason = "unexpected error: " + e;
        LOG.atError().setCause(e).addKeyValue(LogFields.MESSAGE_ID, d.id()).addKeyValue(LogFields.REASON, reason)
                .log("message failed");
        return new DeliveryOutcome.Failed(d.id(), reason);
    }
}
