package io.ddbsync.testbench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.faults.HttpFaultProxy;
import io.ddbsync.localstack.faults.HttpFaultProxy.Request;
import io.ddbsync.localstack.faults.HttpFaultProxy.Response;
import io.ddbsync.ops.backfill.Backfill;
import io.ddbsync.ops.backfill.BackfillListener;
import io.ddbsync.ops.backfill.BackfillSettings;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.localstack.esm.LambdaContext;
import io.ddbsync.worker.TombstonePurgeHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.ddbsync.ops.backfill.TableClock;
import io.ddbsync.model.config.IndexNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The catalogue: every scenario by name, in the order {@code all} runs them. */
final class Scenarios {

    private static final ObjectMapper M = new ObjectMapper();

    private Scenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>(List.of(new Throttling(), new SearchOutage(), new SearchKill(), new Duplicates(), new Reorder(),
                new WorkerCrash(), new Poison(), new SlowSearch(), new QueueFaults(), new S3Replay(), new IdempotencyStoreOutage(), new BackfillRace(),
                new ClockSkew(), new LateReplay(), new ShardRollover(), new BackfillLambdaKill()));
        all.addAll(OperationScenarios.all());
        return List.copyOf(all);
    }

    /** Keeps a fault on for {@code d}. */
    static void hold(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /**
     * Keeps a fault on for {@code d}, then on until {@code fired} says it met the pipeline (at most 3 × {@code d}
     * in all): a small or quiet load must not leave a scenario without its fault.
     */
    static void hold(Duration d, java.util.function.BooleanSupplier fired) throws InterruptedException {
        long end = System.nanoTime() + d.multipliedBy(3).toNanos();
        Thread.sleep(d.toMillis());
        while (!fired.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
    }

    /** A share of {@code _bulk} items, and of whole requests, answered 429 by the proxy instead of OpenSearch. */
    static final class Throttling extends Scenario {
        final AtomicLong items = new AtomicLong();
        final AtomicLong requests = new AtomicLong();

        Throttling() {
            super("throttling", "OpenSearch answers 429 to a share of bulk items and of whole requests");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.2);
            Random random = new Random(run.seed);
            run.stack.openSearchProxy.handle((request, upstream) -> {
                if (!request.path().endsWith("/_bulk")) {
                    return upstream.forward(request);
                }
                synchronized (random) {
                    if (random.nextInt(5) == 0) {
                        requests.incrementAndGet();
                        return Response.json(429, "{\"error\":{\"type\":\"es_rejected_execution_exception\","
                                + "\"reason\":\"rejected execution (injected by the fault suite)\"},\"status\":429}");
                    }
                }
                return BulkItems.reject(request, upstream, () -> {
                    synchronized (random) {
                        return random.nextInt(10) < 3;
                    }
                }, items);
            });
            run.say("OpenSearch answers 429 to ~30% of bulk items and ~20% of bulk requests for " + run.size.window().toSeconds() + " s");
            hold(run.size.window(), () -> items.get() > 0 && requests.get() > 0);
            run.stack.openSearchProxy.passThrough();
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("429 items", items.get(), "429 requests", requests.get());
        }
    }

    /** The OpenSearch node stopped (SIGSTOP) while the load runs, then resumed. */
    static final class SearchOutage extends Scenario {
        final AtomicLong hung = new AtomicLong();
        long seconds;

        SearchOutage() {
            super("search-outage", "the OpenSearch process stopped mid-load, then started again");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.2);
            run.stack.openSearchProxy.handle((request, upstream) -> {
                hung.incrementAndGet();
                return upstream.forward(request);
            });
            run.say("stopping the OpenSearch process for " + run.size.outage().toSeconds() + " s");
            long begin = System.nanoTime();
            run.stack.openSearch.freeze();
            try {
                hold(run.size.outage());
            } finally {
                run.stack.openSearch.thaw();
                run.stack.openSearchProxy.passThrough();
            }
            seconds = Duration.ofNanos(System.nanoTime() - begin).toSeconds();
            run.say("OpenSearch running again");
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("s stopped", seconds, "requests met it", hung.get());
        }
    }

    /**
     * The OpenSearch process killed (SIGKILL) mid-load, for good: nothing in the scenario starts it again. The stack's
     * {@link io.ddbsync.localstack.ServiceSupervisor} does, on the same port with the same {@code path.data}; the
     * pipeline catches up through its own retries. Fired when the process is gone, a new one (another pid) answers on
     * the same endpoint, and requests met the outage.
     */
    static final class SearchKill extends Scenario {
        static final Duration BACK_WITHIN = Duration.ofMinutes(4);
        final AtomicLong met = new AtomicLong();
        long killed;
        long restarted;
        long secondsDown;

        SearchKill() {
            super("search-kill", "the OpenSearch process killed (SIGKILL) mid-load; the supervisor restarts it on its port with its data");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.2);
            var node = run.stack.openSearch;
            URI endpoint = node.endpoint();
            int restartsBefore = node.restarts();
            run.stack.openSearchProxy.handle((request, upstream) -> {
                met.incrementAndGet();
                return upstream.forward(request);
            });
            long begin = System.nanoTime();
            try {
                long pid = node.kill();
                killed = 1;
                run.say("killed the OpenSearch process (SIGKILL, pid " + pid + "); waiting for the supervisor to restart it");
                long deadline = begin + BACK_WITHIN.toNanos();
                while (node.restarts() == restartsBefore && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                if (node.restarts() == restartsBefore) {
                    throw new FaultSuiteException("OpenSearch was not restarted within " + BACK_WITHIN.toSeconds() + " s of its kill");
                }
                if (node.pid() == pid || !node.endpoint().equals(endpoint)) {
                    throw new FaultSuiteException("the restarted OpenSearch is pid " + node.pid() + " at " + node.endpoint()
                            + "; expected a new process at " + endpoint);
                }
                restarted = node.restarts() - restartsBefore;
                secondsDown = Math.max(1, Duration.ofNanos(System.nanoTime() - begin).toSeconds());
                run.say("OpenSearch back at " + endpoint + " after " + secondsDown + " s (pid " + node.pid() + ")");
            } finally {
                run.stack.openSearchProxy.passThrough();
            }
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("kills", killed, "restarts", restarted, "s down", secondsDown, "requests met it", met.get());
        }
    }

    /** Every worker batch delivered three times, two of them at once. */
    static final class Duplicates extends Scenario {
        Duplicates() {
            super("duplicates", "every worker message delivered three times, two at once");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.1);
            run.pipeline.workerFaults.inject(WorkerFaults.Mode.DUPLICATE, 1.0, run.seed);
            run.say("every worker batch delivered three times for " + run.size.window().multipliedBy(2).toSeconds() + " s");
            hold(run.size.window().multipliedBy(2), () -> run.pipeline.workerFaults.duplicated.get() > 0);
            run.pipeline.workerFaults.clear();
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("extra deliveries", run.pipeline.workerFaults.duplicated.get());
        }
    }

    /** Batches handed back on first receive (they return after the visibility timeout, behind later ones), 4 pollers. */
    static final class Reorder extends Scenario {
        Reorder() {
            super("reorder", "worker batches processed out of order: delayed visibility, parallel pollers");
        }

        @Override
        ScenarioPipeline.Options options() {
            return new ScenarioPipeline.Options(4, 10);
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.1);
            run.pipeline.workerFaults.inject(WorkerFaults.Mode.DEFER, 0.4, run.seed);
            run.say("~40% of worker batches come back after the visibility timeout, 4 pollers, for "
                    + run.size.window().multipliedBy(2).toSeconds() + " s");
            hold(run.size.window().multipliedBy(2), () -> run.pipeline.workerFaults.deferred.get() > 0);
            run.pipeline.workerFaults.clear();
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("messages delayed", run.pipeline.workerFaults.deferred.get());
        }
    }

    /** The worker dies before processing a batch, or after its writes and before its answer. */
    static final class WorkerCrash extends Scenario {
        WorkerCrash() {
            super("worker-crash", "the worker dies before its bulk, or after it and before returning");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.1);
            run.pipeline.workerFaults.inject(WorkerFaults.Mode.CRASH, 0.3, run.seed);
            run.say("~30% of worker invocations die, before or after their writes, for " + run.size.window().multipliedBy(2).toSeconds() + " s");
            hold(run.size.window().multipliedBy(2),
                    () -> run.pipeline.workerFaults.crashedBefore.get() > 0 && run.pipeline.workerFaults.crashedAfter.get() > 0);
            run.pipeline.workerFaults.clear();
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("crashes before", run.pipeline.workerFaults.crashedBefore.get(),
                    "crashes after", run.pipeline.workerFaults.crashedAfter.get());
        }
    }

    /**
     * Items OpenSearch's mapping rejects: those refused for a field are quarantined (indexed without it, searchable by
     * the rest, the value kept in {@code _source}); one refused for no field (more fields than the index's limit) is
     * dead-lettered; the limit is raised; redrive.
     */
    static final class Poison extends Scenario {
        static final int POISONED = 3;
        static final String WIDE = "poison-wide";
        /** Attributes of the wide item: more than OpenSearch's default {@code index.mapping.total_fields.limit} (1000). */
        static final int WIDE_ATTRIBUTES = 1_001;
        long deadLettered;
        long quarantined;
        long searchableByTitle;

        Poison() {
            super("poison", "records the mapping rejects for a field are quarantined; one it rejects for no field goes to "
                    + "the DLQ; the limit is raised; redrive");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.3);
            for (int i = 1; i <= POISONED; i++) {
                String id = "poison-" + i;
                run.stack.dynamo.putItem(b -> b.tableName(run.pipeline.table).item(Map.of("id", AttributeValue.fromS(id),
                        "title", AttributeValue.fromS("poison"), "score", AttributeValue.fromS("not a number"))));
            }
            Map<String, AttributeValue> wide = new LinkedHashMap<>();
            wide.put("id", AttributeValue.fromS(WIDE));
            for (int i = 0; i < WIDE_ATTRIBUTES; i++) {
                wide.put(String.format("w%04d", i), AttributeValue.fromS("x"));
            }
            run.stack.dynamo.putItem(b -> b.tableName(run.pipeline.table).item(wide));
            run.say(POISONED + " items with a text 'score' (mapped as a number) and one with " + WIDE_ATTRIBUTES
                    + " attributes (over the total fields limit) written");
        }

        @Override
        void afterLoad(ScenarioRun run) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (run.pipeline.depth(run.pipeline.queues.deadLetterQueueUrl()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            deadLettered = run.pipeline.depth(run.pipeline.queues.deadLetterQueueUrl());
            quarantined = ids(run, "{\"term\":{\"" + QUARANTINED_FIELDS + "\":\"score\"}}").size();
            searchableByTitle = ids(run, "{\"match\":{\"title\":\"poison\"}}").size();
            run.say(deadLettered + " message(s) in the dead-letter queue; " + quarantined + " document(s) with 'score' quarantined, "
                    + searchableByTitle + " found by title; raising the total fields limit");
            ObjectNode settings = M.createObjectNode();
            settings.putObject("index").putObject("mapping").putObject("total_fields").put("limit", 3_000);
            var reply = run.stack.search.putSettings(new IndexNames(run.pipeline.index).write(), settings);
            if (!reply.ok()) {
                throw new FaultSuiteException("raising the total fields limit of " + run.pipeline.index + " failed: " + reply.describe());
            }
        }

        /** The quarantined items were never dead-lettered and the wide item never quarantined: each went its own way. */
        @Override
        String afterConverged(ScenarioRun run) {
            List<String> marked = ids(run, "{\"exists\":{\"field\":\"" + QUARANTINED_FIELDS + "\"}}");
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (int i = 1; i <= POISONED; i++) {
                expected.add(docId("poison-" + i));
            }
            if (quarantined != POISONED || searchableByTitle != POISONED || !new java.util.HashSet<>(marked).equals(expected)) {
                return "quarantined " + quarantined + " (found by title " + searchableByTitle + "), marked now " + marked
                        + ": not exactly the " + POISONED + " items with a text score";
            }
            if (deadLettered == 0) {
                return "the item over the total fields limit was not dead-lettered";
            }
            if (ids(run, "{\"ids\":{\"values\":[\"" + docId(WIDE) + "\"]}}").size() != 1) {
                return "the item over the total fields limit is not indexed after the redrive";
            }
            return "";
        }

        private static final String QUARANTINED_FIELDS = ScenarioPipeline.METADATA_FIELD + "."
                + io.ddbsync.worker.opensearch.FieldQuarantine.FIELDS;

        private static String docId(String id) {
            return io.ddbsync.model.id.DocumentIds.of(io.ddbsync.aws.dynamodb.DynamoJson.fromItem(Map.of("id", AttributeValue.fromS(id))))
                    .value();
        }

        /** The ids a query finds in the scenario's index (search alias, refreshed first). */
        private static List<String> ids(ScenarioRun run, String query) {
            try {
                run.stack.search.refresh(new IndexNames(run.pipeline.index).write());
                ObjectNode request = M.createObjectNode();
                request.put("size", 100);
                request.set("query", M.readTree(query));
                var reply = run.stack.search.search(run.pipeline.index, request);
                if (!reply.ok()) {
                    throw new FaultSuiteException("searching " + run.pipeline.index + " failed: " + reply.describe());
                }
                List<String> out = new ArrayList<>();
                reply.body().at("/hits/hits").forEach(h -> out.add(h.path("_id").asText()));
                return out;
            } catch (IOException e) {
                throw new FaultSuiteException("bad query " + query, e);
            }
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("poisoned items", (long) POISONED + 1, "quarantined", quarantined, "dead-lettered", deadLettered);
        }
    }

    /** OpenSearch answers after the worker's remaining time: the write happened, the worker gave up waiting. */
    static final class SlowSearch extends Scenario {
        final AtomicLong slowed = new AtomicLong();

        SlowSearch() {
            super("slow-search", "OpenSearch answers slower than the worker's remaining time budget");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.2);
            Random random = new Random(run.seed);
            long delay = (ScenarioPipeline.WORKER_TIMEOUT_SECONDS + 1) * 1000L;
            run.stack.openSearchProxy.handle((request, upstream) -> {
                Response r = upstream.forward(request);
                boolean slow;
                synchronized (random) {
                    slow = request.path().endsWith("/_bulk") && random.nextInt(3) == 0;
                }
                if (slow) {
                    slowed.incrementAndGet();
                    Thread.sleep(delay);
                }
                return r;
            });
            run.say("a third of bulk answers delayed by " + delay / 1000 + " s (past the worker's budget) for "
                    + run.size.window().toSeconds() + " s");
            hold(run.size.window(), () -> slowed.get() > 0);
            run.stack.openSearchProxy.passThrough();
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("slow answers", slowed.get());
        }
    }

    /** SendMessageBatch partly failing, then SQS unreachable for the forwarder: on-failure records, replayed. */
    static final class QueueFaults extends Scenario {
        final AtomicLong entriesFailed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        long onFailure;

        QueueFaults() {
            super("queue-faults", "SendMessageBatch partly failing, then SQS unreachable: on-failure records, replay-stream-failures");
        }

        @Override
        ScenarioPipeline.Options options() {
            return new ScenarioPipeline.Options(2, 2);
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.1);
            Random random = new Random(run.seed);
            run.stack.sqsProxy.handle((request, upstream) -> SqsBatches.failSome(request, upstream, () -> {
                synchronized (random) {
                    return random.nextInt(10) < 3;
                }
            }, entriesFailed));
            run.say("~30% of SendMessageBatch entries fail for " + run.size.window().toSeconds() + " s");
            hold(run.size.window(), () -> entriesFailed.get() > 0);
            run.stack.sqsProxy.handle((request, upstream) -> {
                dropped.incrementAndGet();
                return Response.DROP;
            });
            run.say("SQS unreachable for the forwarder for " + run.size.outage().toSeconds() + " s");
            hold(run.size.outage());
            run.stack.sqsProxy.passThrough();
            // the batch being retried when SQS came back may still exhaust its retries: give it the time
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((onFailure = run.pipeline.depth(run.pipeline.queues.streamFailureQueueUrl())) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            run.say("SQS reachable again; " + onFailure + " on-failure record(s) on the stream-failure queue");
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("entries failed", entriesFailed.get(), "requests dropped", dropped.get(), "on-failure records", onFailure);
        }
    }

    /** The idempotency table unreachable for the worker. */
    static final class IdempotencyStoreOutage extends Scenario {
        final AtomicLong dropped = new AtomicLong();

        IdempotencyStoreOutage() {
            super("idempotency-store-outage", "the idempotency table unreachable");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.2);
            byte[] marker = ("\"" + FaultStack.IDEMPOTENCY_TABLE + "\"").getBytes(StandardCharsets.UTF_8);
            run.stack.dynamoProxy.handle((request, upstream) -> {
                if (contains(request.body(), marker)) {
                    dropped.incrementAndGet();
                    return Response.DROP;
                }
                return upstream.forward(request);
            });
            run.say("the idempotency table unreachable for " + run.size.outage().toSeconds() + " s");
            hold(run.size.outage());
            run.stack.dynamoProxy.passThrough();
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("requests dropped", dropped.get());
        }
    }

    /** A full backfill of the table while the load runs. */
    static class BackfillRace extends Scenario {
        long backfilled;

        BackfillRace() {
            this("backfill-race", "a backfill of the table running while the write load runs");
        }

        BackfillRace(String name, String description) {
            super(name, description);
        }

        Clock backfillClock() {
            return Clock.systemUTC();
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.3);
            run.say("backfilling " + run.pipeline.table + " while the load runs");
            // as ddbsync backfill does: the host clock corrected by the table's (DynamoDB's Date header)
            Backfill.Result r = new Backfill(run.stack.dynamo, SqsChangeQueue.withDefaults(run.stack.sqs, run.pipeline.queues.changeQueueUrl()),
                    TableClock.of(run.stack.dynamo, run.pipeline.table, backfillClock())).run(BackfillSettings.of(run.pipeline.table, run.pipeline.queues.changeQueueUrl(), 2), BackfillListener.NONE);
            backfilled = r.itemsSent();
            run.say("backfill sent " + backfilled + " item(s)");
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("items backfilled", backfilled);
        }
    }

    /**
     * A backfill on Lambda whose first invocation of segment 0 dies mid-segment: its thread ends with an error after
     * {@value #PAGES_BEFORE_KILL} pages are on the change queue, before the continuation. The work item comes back after
     * the backfill queue's visibility timeout and its segment is scanned again from the item's own start key.
     */
    static final class BackfillLambdaKill extends Scenario {
        static final int PAGES_BEFORE_KILL = 2;
        static final int PAGE_SIZE = 5;
        static final int VISIBILITY_SECONDS = 10;
        final AtomicLong kills = new AtomicLong();
        final AtomicLong pagesAfterKill = new AtomicLong();
        long itemsSent;
        String state = "";

        /** What the fault leaves of the invocation: an error, not an exception a handler could catch and report. */
        static final class InvocationKilled extends Error {
            private static final long serialVersionUID = 1L;

            InvocationKilled(String message) {
                super(message);
            }
        }

        BackfillLambdaKill() {
            super("backfill-lambda-kill", "a backfill Lambda invocation killed mid-segment, after " + PAGES_BEFORE_KILL
                    + " pages and before its continuation");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitLoad(0.3);
            ScenarioPipeline p = run.pipeline;
            S3Client s3 = run.stack.s3();
            String bucket = ("faults-" + p.table.substring("faults-".length())).toLowerCase(java.util.Locale.ROOT);
            s3.createBucket(b -> b.bucket(bucket));
            io.ddbsync.testbench.local.BackfillQueues queues = io.ddbsync.testbench.local.BackfillQueues.create(run.stack.sqs,
                    p.table, VISIBILITY_SECONDS, 3);
            io.ddbsync.model.config.BackfillConfig config = new io.ddbsync.model.config.BackfillConfig(
                    URI.create(p.queues.changeQueueUrl()), io.ddbsync.model.config.ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                    io.ddbsync.model.wire.Compression.DEFAULT, URI.create(queues.queueUrl()), bucket,
                    java.util.Optional.of(run.stack.sqsServer.endpoint()), java.util.Optional.of(run.stack.streams.endpoint()),
                    java.util.Optional.empty(), io.ddbsync.localstack.LocalAws.REGION.id());
            io.ddbsync.backfill.BackfillHandler handler = new io.ddbsync.backfill.BackfillHandler(config, run.stack.dynamo,
                    run.stack.sqs, s3, Clock.systemUTC(), (item, page, items) -> {
                        if (kills.get() > 0 && item.segment() == 0) {
                            pagesAfterKill.incrementAndGet();
                        }
                        if (item.segment() == 0 && item.step() == 0 && page == PAGES_BEFORE_KILL && kills.compareAndSet(0, 1)) {
                            throw new InvocationKilled("injected: backfill invocation of segment 0 killed after page " + page);
                        }
                    });
            io.ddbsync.aws.backfill.BackfillRunStore store = new io.ddbsync.aws.backfill.BackfillRunStore(s3, bucket);
            try (io.ddbsync.localstack.esm.SqsPoller poller = io.ddbsync.localstack.esm.SqsPoller.start(run.stack.sqs,
                    io.ddbsync.localstack.esm.SqsPollerConfig.builder("backfill-worker-" + p.table, queues.queueUrl()).batchSize(1)
                            .concurrency(2).functionTimeout(Duration.ofSeconds(ScenarioPipeline.WORKER_TIMEOUT_SECONDS)).build(),
                    handler)) {
                io.ddbsync.model.backfill.BackfillRun started = new io.ddbsync.ops.backfill.LambdaBackfill(run.stack.dynamo,
                        run.stack.sqs, queues.queueUrl(), store, Clock.systemUTC()).start(p.table, 2, 0, PAGE_SIZE);
                run.say("backfill run " + started.run() + " on Lambda: 2 segments of " + PAGE_SIZE + "-item pages; segment 0's "
                        + "first invocation dies after page " + PAGES_BEFORE_KILL);
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                io.ddbsync.model.backfill.BackfillStatus status = store.status(started.run(), java.time.Instant.now()).orElseThrow();
                while (!status.finished() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    status = store.status(started.run(), java.time.Instant.now()).orElseThrow();
                }
                itemsSent = status.itemsSent();
                state = status.state();
                run.say("backfill run " + started.run() + " " + state + ": " + itemsSent + " item(s) sent, " + kills.get()
                        + " invocation(s) killed, " + pagesAfterKill.get() + " page(s) of segment 0 sent after the kill");
            }
        }

        @Override
        String afterConverged(ScenarioRun run) {
            if (kills.get() == 0) {
                return "no backfill invocation was killed";
            }
            if (!"DONE".equals(state)) {
                return "the backfill run did not finish (" + state + ")";
            }
            return pagesAfterKill.get() == 0 ? "segment 0 was not scanned again after the kill" : "";
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("invocations killed", kills.get(), "pages after the kill", pagesAfterKill.get(),
                    "items backfilled", itemsSent);
        }
    }

    /** The backfill host's clock minutes ahead of the table's. */
    static final class ClockSkew extends BackfillRace {
        static final Duration SKEW = Duration.ofMinutes(10);

        ClockSkew() {
            super("clock-skew", "a backfill from a host whose clock is " + SKEW.toMinutes() + " minutes ahead");
        }

        @Override
        Clock backfillClock() {
            return Clock.offset(Clock.systemUTC(), SKEW);
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("items backfilled", backfilled, "s of skew", SKEW.toSeconds());
        }
    }

    /**
     * Every change message of the load sent again once the index converged: first after
     * {@code gc_deletes} (set to 1 s) with the tombstones still there, then with days passed for the
     * worker (its clock moved past the tombstone retention) after the tombstone purge. The
     * idempotency records are expired first, as DynamoDB's TTL does after their hour.
     */
    static final class LateReplay extends Scenario {
        long replayed;
        long purged;

        LateReplay() {
            super("late-replay", "old changes replayed after gc_deletes, and after the tombstone purge");
        }

        @Override
        void inject(ScenarioRun run) {
            // the fault comes after the load
        }

        @Override
        void afterLoad(ScenarioRun run) throws InterruptedException {
            ScenarioPipeline p = run.pipeline;
            awaitConverged(run);
            var settings = M.createObjectNode();
            settings.putObject("index").put("gc_deletes", "1s");
            var reply = run.stack.search.putSettings(new IndexNames(p.index).write(), settings);
            if (!reply.ok()) {
                throw new FaultSuiteException("setting gc_deletes on " + p.index + " failed: " + reply.describe());
            }
            Thread.sleep(2_000);
            List<com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage> old = new ArrayList<>(p.workerFaults.seen);
            expireIdempotencyRecords(run);
            run.say("converged; replaying " + old.size() + " old change message(s) after gc_deletes (1 s)");
            resend(run, old);
            awaitConverged(run);
            Duration retention = Duration.ofDays(p.workerConfig().tombstoneRetentionDays());
            p.workerClock.shift(retention.plusDays(2));
            // the scheduled purge Lambda itself, on the worker's shifted clock
            purged = new TombstonePurgeHandler(p.workerParts)
                    .handleRequest(new ScheduledEvent(), LambdaContext.deadlineIn("tombstone-purge", 60_000))
                    .values().stream().mapToLong(Long::longValue).sum();
            expireIdempotencyRecords(run);
            run.say(retention.plusDays(2).toDays() + " days later for the worker: " + purged + " tombstone(s) purged; replaying "
                    + old.size() + " old change message(s) again");
            resend(run, old);
        }

        private void awaitConverged(ScenarioRun run) throws InterruptedException {
            long deadline = System.nanoTime() + run.size.convergeBy().toNanos();
            while (System.nanoTime() < deadline) {
                if (run.pipeline.depth(run.pipeline.queues.changeQueueUrl()) == 0 && run.pipeline.compare().equal()) {
                    return;
                }
                Thread.sleep(1000);
            }
            throw new FaultSuiteException("late-replay: no convergence before the replay within " + run.size.convergeBy().toSeconds() + " s");
        }

        private void resend(ScenarioRun run, List<com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage> messages) {
            run.pipeline.resend(messages);
            replayed += messages.size();
        }

        /** Deletes the worker's idempotency records, as DynamoDB's TTL does once they expire. */
        static void expireIdempotencyRecords(ScenarioRun run) {
            for (var item : run.stack.dynamo.scanPaginator(b -> b.tableName(FaultStack.IDEMPOTENCY_TABLE)).items()) {
                run.stack.dynamo.deleteItem(b -> b.tableName(FaultStack.IDEMPOTENCY_TABLE).key(Map.of("id", item.get("id"))));
            }
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("messages replayed", replayed, "tombstones purged", purged);
        }
    }

    /** The stream's shard closed and a child opened, several times while the load runs. */
    static final class ShardRollover extends Scenario {
        static final int ROLLOVERS = 3;
        long rolled;

        ShardRollover() {
            super("shard-rollover", "the stream's shard closes and a child shard opens mid-load, " + ROLLOVERS + " times");
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            for (int i = 1; i <= ROLLOVERS; i++) {
                run.awaitLoad(0.2 * i);
                String child = run.stack.streams.rolloverShard(run.pipeline.table);
                rolled++;
                run.say("shard closed; child " + child + " opened");
            }
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.of("shards closed", rolled, "closed shards read to the end", (long) run.pipeline.finishedShards());
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Rewrites {@code _bulk} requests: chosen items never reach OpenSearch and are answered 429 in place. */
    static final class BulkItems {
        private BulkItems() {
        }

        static Response reject(Request request, HttpFaultProxy.Upstream upstream, java.util.function.BooleanSupplier pick,
                               AtomicLong rejected) throws IOException, InterruptedException {
            String[] lines = new String(request.body(), StandardCharsets.UTF_8).split("\n");
            StringBuilder kept = new StringBuilder();
            List<ObjectNode> answers = new ArrayList<>(); // null: the item went to OpenSearch
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                ObjectNode action = (ObjectNode) M.readTree(lines[i]);
                String op = action.fieldNames().next();
                String source = "delete".equals(op) ? null : lines[++i];
                if (pick.getAsBoolean()) {
                    answers.add(rejectedItem(op, action.get(op)));
                    rejected.incrementAndGet();
                } else {
                    answers.add(null);
                    kept.append(lines[i - (source == null ? 0 : 1)]).append('\n');
                    if (source != null) {
                        kept.append(source).append('\n');
                    }
                }
            }
            if (answers.stream().allMatch(a -> a == null)) {
                return upstream.forward(request);
            }
            JsonNode forwarded = null;
            if (kept.length() > 0) {
                Response r = upstream.forward(request.withBody(kept.toString().getBytes(StandardCharsets.UTF_8)));
                if (r.status() != 200) {
                    return r;
                }
                forwarded = M.readTree(r.body());
            }
            return Response.json(200, M.writeValueAsString(merged(answers, forwarded)));
        }

        /** A bulk item answered 429 in place of OpenSearch ({@code meta}: the action's {@code _index}, {@code _id}). */
        private static ObjectNode rejectedItem(String op, JsonNode meta) {
            ObjectNode item = M.createObjectNode();
            ObjectNode body = item.putObject(op);
            body.set("_index", meta.get("_index"));
            body.set("_id", meta.get("_id"));
            body.put("status", 429);
            body.putObject("error").put("type", "es_rejected_execution_exception")
                    .put("reason", "rejected execution (injected by the fault suite)");
            return item;
        }

        /** The answer to the whole request: the injected items in place, the forwarded ones (in order) between them. */
        private static ObjectNode merged(List<ObjectNode> answers, JsonNode forwarded) {
            ObjectNode out = M.createObjectNode();
            out.put("took", forwarded == null ? 1 : forwarded.path("took").asLong());
            out.put("errors", true);
            ArrayNode items = out.putArray("items");
            int next = 0;
            for (ObjectNode a : answers) {
                items.add(a != null ? a : forwarded.path("items").get(next++));
            }
            return out;
        }
    }

    /** Rewrites SendMessageBatch (JSON protocol): chosen entries never reach the queue and come back in Failed. */
    static final class SqsBatches {
        private SqsBatches() {
        }

        static Response failSome(Request request, HttpFaultProxy.Upstream upstream, java.util.function.BooleanSupplier pick,
                                 AtomicLong failed) throws IOException, InterruptedException {
            String target = request.header("x-amz-target");
            if (target == null || !target.endsWith(".SendMessageBatch")) {
                return upstream.forward(request);
            }
            ObjectNode body = (ObjectNode) M.readTree(request.body());
            ArrayNode entries = (ArrayNode) body.path("Entries");
            ArrayNode kept = M.createArrayNode();
            List<String> rejected = new ArrayList<>();
            for (JsonNode e : entries) {
                if (pick.getAsBoolean()) {
                    rejected.add(e.path("Id").asText());
                } else {
                    kept.add(e);
                }
            }
            if (rejected.isEmpty()) {
                return upstream.forward(request);
            }
            failed.addAndGet(rejected.size());
            ObjectNode answer;
            if (kept.isEmpty()) {
                answer = M.createObjectNode();
                answer.putArray("Successful");
            } else {
                body.set("Entries", kept);
                Response r = upstream.forward(request.withBody(M.writeValueAsBytes(body)));
                if (r.status() != 200) {
                    return r;
                }
                answer = (ObjectNode) M.readTree(r.body());
            }
            ArrayNode failures = answer.withArray("Failed");
            for (String id : rejected) {
                failures.addObject().put("Id", id).put("SenderFault", false).put("Code", "InternalError")
                        .put("Message", "injected by the fault suite");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("content-type", List.of("application/x-amz-json-1.0"));
            return new Response(200, headers, M.writeValueAsBytes(answer));
        }
    }
}
