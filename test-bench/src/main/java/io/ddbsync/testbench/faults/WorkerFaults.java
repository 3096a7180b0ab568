package io.ddbsync.testbench.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The index-worker handler as the SQS event source mapping invokes it, with faults a scenario turns
 * on: every batch delivered three times (two at once, then a third), invocations that die before
 * the handler ran or after it finished but before its answer reached Lambda, and batches handed
 * back unprocessed so they come back after the visibility timeout, behind later ones.
 */
final class WorkerFaults implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** Thrown where the Lambda process dies: the event source mapping sees a failed invocation. */
    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("the worker died " + where + " (injected)");
        }
    }

    enum Mode { NONE, DUPLICATE, CRASH, DEFER }

    private final RequestHandler<SQSEvent, SQSBatchResponse> worker;
    private volatile Mode mode = Mode.NONE;
    private volatile double share;
    private volatile Random random = new Random(0);
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong crashedBefore = new AtomicLong();
    final AtomicLong crashedAfter = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();
    /** Every message the worker was handed, in order (for a late replay). */
    final List<SQSEvent.SQSMessage> seen = java.util.Collections.synchronizedList(new ArrayList<>());

    WorkerFaults(RequestHandler<SQSEvent, SQSBatchResponse> worker) {
        this.worker = worker;
    }

    /** Turns on {@code mode} for a {@code share} (0..1) of the invocations, drawn from {@code seed}. */
    synchronized void inject(Mode newMode, double newShare, long seed) {
        this.random = new Random(seed);
        this.share = newShare;
        this.mode = newMode;
    }

    void clear() {
        mode = Mode.NONE;
    }

    private synchronized boolean draw() {
        return random.nextDouble() < share;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        if (event.getRecords() != null) {
            seen.addAll(event.getRecords());
        }
        Mode m = mode;
        if (m == Mode.NONE || !draw()) {
            return worker.handleRequest(event, context);
        }
        return switch (m) {
            case DUPLICATE -> threeTimes(event, context);
            case CRASH -> crash(event, context);
            case DEFER -> defer(event, context);
            case NONE -> worker.handleRequest(event, context);
        };
    }

    private SQSBatchResponse threeTimes(SQSEvent event, Context context) {
        int messages = event.getRecords() == null ? 0 : event.getRecords().size();
        CompletableFuture<SQSBatchResponse> concurrent = CompletableFuture.supplyAsync(() -> worker.handleRequest(event, context));
        SQSBatchResponse first = worker.handleRequest(event, context);
        concurrent.join();
        SQSBatchResponse third = worker.handleRequest(event, context);
        duplicated.addAndGet(2L * messages);
        // a message counts as done when the last delivery says so, as SQS deletes it on that answer
        return third != null ? third : first;
    }

    private SQSBatchResponse crash(SQSEvent event, Context context) {
        boolean before;
        synchronized (this) {
            before = random.nextBoolean();
        }
        if (before) {
            crashedBefore.incrementAndGet();
            throw new Crash("before processing its batch");
        }
        worker.handleRequest(event, context);
        crashedAfter.incrementAndGet();
        throw new Crash("after its writes, before returning");
    }

    /** Hands back the messages on their first receive unprocessed; processes those already handed back once. */
    private SQSBatchResponse defer(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> first = new ArrayList<>();
        List<SQSEvent.SQSMessage> again = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            String receives = m.getAttributes() == null ? null : m.getAttributes().get("ApproximateReceiveCount");
            ("1".equals(receives) ? first : again).add(m);
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (!again.isEmpty()) {
            SQSEvent rest = new SQSEvent();
            rest.setRecords(again);
            SQSBatchResponse r = worker.handleRequest(rest, context);
            if (r != null && r.getBatchItemFailures() != null) {
                failures.addAll(r.getBatchItemFailures());
            }
        }
        first.forEach(m -> failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(m.getMessageId()).build()));
        deferred.addAndGet(first.size());
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
