package io.ddbsync.testbench.faults;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.config.WorkerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ddbsync local --faults random --rounds N --seed S}: one pipeline (TTL_DELETES=keep, so kept documents are in
 * play), N rounds; in each, the mixed load runs while a seeded random sequence of operator commands runs through the
 * real command line — backfill, reindex (whole, interrupted and resumed, rolled back, finished), a poison change
 * dead-lettered and its item fixed, old changes replayed, a document broken behind the pipeline's back and
 * {@code reconcile --repair} — then the shared recovery, and the check that table and index are equal and
 * {@code reconcile} is clean. Each round's seed is printed: {@code --seed} reproduces the whole run.
 */
final class RandomRounds {

    /** The operations a round draws from. */
    enum Op { BACKFILL, REINDEX, REINDEX_INTERRUPTED, ROLLBACK, FINISH, POISON, REPLAY_OLD, DRIFT_REPAIR }

    private final FaultSuite suite;
    private final long seed;
    private final int rounds;

    RandomRounds(FaultSuite suite, long seed, int rounds) {
        this.suite = suite;
        this.seed = seed;
        this.rounds = rounds;
    }

    /** The seed of round {@code round} (1-based) of a run with {@code seed}. */
    static long roundSeed(long seed, int round) {
        return seed * 1_000_003L + round;
    }

    /** The operations round {@code round} runs, in order: one to three, drawn from its seed. */
    static List<Op> draw(long roundSeed) {
        Random r = new Random(roundSeed);
        int n = 1 + r.nextInt(3);
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(Op.values()[r.nextInt(Op.values().length)]);
        }
        return ops;
    }

    List<ScenarioResult> run(FaultStack stack, FaultSize size, java.io.PrintWriter out) {
        List<ScenarioResult> results = new ArrayList<>();
        // quarantine off: a poison change is dead-lettered and blocks a reindex until fixed, the runbook the rounds follow
        ScenarioPipeline.Options options = ScenarioPipeline.Options.DEFAULT.ttlDeletes(WorkerConfig.TtlDeletes.KEEP)
                .quarantine(WorkerConfig.Quarantine.OFF);
        try (ScenarioPipeline p = new ScenarioPipeline(stack, "random", options)) {
            p.start();
            MixedLoad load = new MixedLoad(stack.dynamo, stack.streams, p.table, seed, size.items());
            Path checkpoint = OperationScenarios.checkpoint(p.index);
            long perRound = Math.max(50, size.changes() / 5);
            for (int round = 1; round <= rounds; round++) {
                long roundSeed = roundSeed(seed, round);
                Round scenario = new Round(round, roundSeed, draw(roundSeed), checkpoint);
                long start = System.nanoTime();
                String name = scenario.name();
                Consumer<String> say = m -> out.printf("  [%-24s %5.1f s] %s%n", name, (System.nanoTime() - start) / 1e9, m);
                out.println();
                out.println("round " + round + " of " + rounds + " (seed " + roundSeed + "): " + scenario.description());
                ScenarioResult result = suite.runOn(p, load, scenario, roundSeed, perRound, say);
                stack.clearFaults();
                results.add(result);
                if (!result.passed()) {
                    out.println("round " + round + " did not converge; replay it: ./ddbsync local --faults random --seed " + seed
                            + " --rounds " + round);
                    break;
                }
            }
        }
        return results;
    }

    /** One round: its operations while the load runs, then a check that no reindex is left half done. */
    static final class Round extends Scenario {
        private final List<Op> ops;
        private final Path checkpoint;
        private final long roundSeed;
        private final Map<String, Long> done = new LinkedHashMap<>();
        private final List<String> fixLater = new ArrayList<>();

        Round(int round, long roundSeed, List<Op> ops, Path checkpoint) {
            super("random-" + round, String.join(", ", ops.stream().map(o -> o.name().toLowerCase(Locale.ROOT)).toList()));
            this.ops = ops;
            this.checkpoint = checkpoint;
            this.roundSeed = roundSeed;
        }

        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            Random random = new Random(roundSeed ^ 0x9E3779B97F4A7C15L);
            Runbook runbook = new Runbook(run.pipeline, run.stack.log);
            run.awaitLoad(0.1);
            for (Op op : ops) {
                String what = apply(op, run, runbook, random);
                run.say(op.name().toLowerCase(Locale.ROOT) + ": " + what);
                done.merge(op.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }

        private String apply(Op op, ScenarioRun run, Runbook runbook, Random random) throws InterruptedException {
            String phase = phase(run);
            return switch (op) {
                case BACKFILL -> OperationScenarios.lastLines(OperationScenarios.ok(runbook.backfill(), "backfill").output());
                case REINDEX -> reindexFromPhase(run, runbook, phase);
                case REINDEX_INTERRUPTED -> reindexInterrupted(run, runbook, random, phase);
                case ROLLBACK -> {
                    if (phase.isEmpty()) {
                        reindexStep(run, runbook, "reindex");
                    }
                    yield last(rollbackStep(run, runbook));
                }
                case FINISH -> finish(run, runbook, phase);
                case POISON -> poison(run, random);
                case REPLAY_OLD -> replayOld(run, random);
                case DRIFT_REPAIR -> driftRepair(run, runbook, random);
            };
        }

        /**
         * A reindex step; when it stops unswapped because a poison item of this round can never be indexed (a lasting
         * difference, as it should), the runbook's answer: fix the item, then {@code --resume}.
         */
        private Runbook.Run reindexStep(ScenarioRun run, Runbook runbook, String what, String... args) {
            return fixingPoison(run, runbook, runbook.reindex(checkpoint, args), what, "--resume");
        }

        /**
         * A rollback; when the old index still differs from the table at its end because a poison item of this round can
         * never be indexed (exit 1, "find why, then --rollback again"), the runbook's answer: fix the item, roll back again.
         */
        private Runbook.Run rollbackStep(ScenarioRun run, Runbook runbook) {
            return fixingPoison(run, runbook, runbook.reindex(checkpoint, "--rollback"), "reindex --rollback", "--rollback");
        }

        /** A reindex run's answer; exit 1 with this round's poison pending: the item fixed, then {@code then} run once. */
        private Runbook.Run fixingPoison(ScenarioRun run, Runbook runbook, Runbook.Run r, String what, String then) {
            if (r.exitCode() == 1 && !fixLater.isEmpty()) {
                fixPoison(run);
                return OperationScenarios.ok(runbook.reindex(checkpoint, then), what + ", the poison fixed, " + then);
            }
            return OperationScenarios.ok(r, what);
        }

        private void fixPoison(ScenarioRun run) {
            for (String id : fixLater) {
                run.stack.dynamo.putItem(b -> b.tableName(run.pipeline.table).item(Map.of("id", AttributeValue.fromS(id),
                        "title", AttributeValue.fromS("fixed"), "score", AttributeValue.fromN("1"))));
            }
            fixLater.clear();
        }

        /** A reindex from wherever the last one stopped: finished first when swapped, resumed when under way. */
        private String reindexFromPhase(ScenarioRun run, Runbook runbook, String phase) {
            if (phase.equals("SWAPPED")) {
                OperationScenarios.ok(runbook.reindexFinish(), "reindex --finish");
            } else if (!phase.isEmpty()) {
                return "resumed: " + last(reindexStep(run, runbook, "reindex --resume", "--resume"));
            }
            return last(reindexStep(run, runbook, "reindex"));
        }

        /** A reindex interrupted after 0.5–12.5 s, then rolled back or resumed (at random). */
        private String reindexInterrupted(ScenarioRun run, Runbook runbook, Random random, String phase)
                throws InterruptedException {
            if (phase.equals("SWAPPED")) {
                OperationScenarios.ok(runbook.reindexFinish(), "reindex --finish");
            }
            String[] args = phase.isEmpty() || phase.equals("SWAPPED") ? new String[0] : new String[] {"--resume"};
            Thread t = new Thread(() -> runbook.reindex(checkpoint, args), "reindex");
            t.start();
            t.join(500 + random.nextInt(12_000));
            t.interrupt();
            t.join();
            String at = phase(run);
            if (at.isEmpty() || at.equals("SWAPPED")) {
                return "finished before the interruption (" + at.toLowerCase(Locale.ROOT) + ")";
            }
            boolean rollback = random.nextBoolean();
            Runbook.Run then = rollback ? rollbackStep(run, runbook)
                    : reindexStep(run, runbook, "reindex --resume", "--resume");
            return "interrupted at " + at.toLowerCase(Locale.ROOT) + ", then " + (rollback ? "rolled back" : "resumed") + ": "
                    + last(then);
        }

        /** Brings any reindex to its end: started or resumed as needed, then finished. */
        private String finish(ScenarioRun run, Runbook runbook, String phase) {
            if (!phase.equals("SWAPPED")) {
                if (!phase.isEmpty()) {
                    reindexStep(run, runbook, "reindex --resume", "--resume");
                } else {
                    reindexStep(run, runbook, "reindex");
                }
            }
            return last(OperationScenarios.ok(runbook.reindexFinish(), "reindex --finish"));
        }

        private String poison(ScenarioRun run, Random random) {
            String id = "poison-" + random.nextInt(1_000_000);
            run.stack.dynamo.putItem(b -> b.tableName(run.pipeline.table).item(OperationScenarios.poison(id, "poison")));
            fixLater.add(id);
            return id + " written with a text score: it goes to the DLQ until fixed and redriven";
        }

        /** Sends again 1–40 messages the worker already received (idempotency records expired first). */
        private String replayOld(ScenarioRun run, Random random) {
            List<SQSEvent.SQSMessage> seen;
            synchronized (run.pipeline.workerFaults.seen) {
                seen = new ArrayList<>(run.pipeline.workerFaults.seen);
            }
            Scenarios.LateReplay.expireIdempotencyRecords(run);
            int n = Math.min(seen.size(), 1 + random.nextInt(40));
            List<SQSEvent.SQSMessage> replay = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                replay.add(seen.get(random.nextInt(seen.size())));
            }
            run.pipeline.resend(replay);
            return n + " old message(s) replayed";
        }

        private String driftRepair(ScenarioRun run, Runbook runbook, Random random) {
            String id = brokenBehindThePipeline(run, random);
            Runbook.Run r = runbook.reconcileRepair();
            if (r.exitCode() != 0 && r.exitCode() != 1 && r.exitCode() != 4) {
                throw new FaultSuiteException("reconcile --repair exited " + r.exitCode() + ": " + last(r));
            }
            return "document " + id + " deleted behind the pipeline's back; reconcile --repair exited " + r.exitCode();
        }

        @Override
        void afterLoad(ScenarioRun run) throws InterruptedException {
            fixPoison(run);
            String phase = phase(run);
            if (!phase.isEmpty() && !phase.equals("SWAPPED")) {
                OperationScenarios.ok(new Runbook(run.pipeline, run.stack.log).reindex(checkpoint, "--resume"), "reindex --resume");
            }
        }

        /** Deletes the live document of an item that exists, directly in the index: drift only a repair can mend. */
        private static String brokenBehindThePipeline(ScenarioRun run, Random random) {
            for (int attempt = 0; attempt < 50; attempt++) {
                var key = MixedLoad.key(random.nextInt(run.size.items()));
                String id = io.ddbsync.model.id.DocumentIds.of(io.ddbsync.aws.dynamodb.DynamoJson.fromItem(key)).value();
                String write = new IndexNames(run.pipeline.index).write();
                var doc = run.stack.search.getDocument(write, id);
                boolean live = doc.ok() && !doc.body().at("/_source/" + ScenarioPipeline.METADATA_FIELD + "/deleted").asBoolean(false);
                boolean exists = run.stack.dynamo.getItem(b -> b.tableName(run.pipeline.table).key(key).consistentRead(true)).hasItem();
                if (live && exists && run.stack.search.deleteDocument(write, id, java.util.Optional.empty(), true).ok()) {
                    return id;
                }
            }
            throw new FaultSuiteException("no live document of an existing item found to break in 50 tries");
        }

        private static String last(Runbook.Run r) {
            return OperationScenarios.lastLines(r.output());
        }

        @Override
        Map<String, Long> faults(ScenarioRun run) {
            return Map.copyOf(done);
        }
    }

    static String phase(ScenarioRun run) {
        return OperationScenarios.reindexPhase(run);
    }
}
