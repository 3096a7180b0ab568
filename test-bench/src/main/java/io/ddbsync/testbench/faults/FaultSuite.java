package io.ddbsync.testbench.faults;

import io.ddbsync.testbench.local.Convergence;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code ddbsync local --faults}: runs the named scenarios one after the other on one set of local
 * services, each on its own table, queues and index, and prints a row per scenario. Exit code 0
 * only when every scenario converged and its fault fired, 1 otherwise, 2 for an unknown name.
 */
public final class FaultSuite {

    private final FaultSize size;
    private final long seed;
    private final PrintWriter out;
    private final PrintStream log;
    private final Runbook.Commands commands;

    /**
     * @param size     changes and items per scenario
     * @param seed     the load's seed
     * @param out      progress and the result table (the command's output)
     * @param log      the transcript: each scenario's steps, the operator commands it ran and their output
     * @param commands runs a {@code ddbsync} command line (the runbook's commands, through the command line itself)
     */
    public FaultSuite(FaultSize size, long seed, PrintWriter out, PrintStream log, Runbook.Commands commands) {
        this.size = size;
        this.seed = seed;
        this.out = out;
        this.log = log;
        this.commands = commands;
    }

    private volatile FaultStack running;

    /** {@code --faults random}: seeded random interleavings of the operations with the load ({@link RandomRounds}). */
    public static final String RANDOM = "random";
    private int rounds = 20;

    /** {@code --faults random}: how many rounds. */
    public FaultSuite rounds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("rounds must be >= 1: " + n);
        }
        this.rounds = n;
        return this;
    }

    /** Stops the services of a run in progress (Ctrl-C). */
    public void stop() {
        FaultStack s = running;
        if (s != null) {
            s.close();
        }
    }

    /** The names {@code --faults} accepts. */
    public static List<String> names() {
        return Scenarios.all().stream().map(Scenario::name).toList();
    }

    /**
     * Scenarios named by {@code spec} ({@code all} or a comma-separated list), in catalogue order.
     *
     * @throws IllegalArgumentException naming the unknown names and the known ones
     */
    public static List<Scenario> select(String spec) {
        List<Scenario> all = Scenarios.all();
        if ("all".equals(spec.trim())) {
            return all;
        }
        List<String> wanted = List.of(spec.split(",")).stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        List<String> unknown = wanted.stream().filter(w -> all.stream().noneMatch(s -> s.name().equals(w))).toList();
        if (wanted.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown fault scenario(s) " + unknown + "; known: all, " + RANDOM + ", "
                    + String.join(", ", names()));
        }
        return all.stream().filter(s -> wanted.contains(s.name())).toList();
    }

    /**
     * Runs the scenarios {@code spec} names.
     *
     * @return true when every scenario converged and each one's fault fired
     * @throws IllegalArgumentException for an unknown scenario name
     */
    public boolean run(String spec) {
        if (RANDOM.equals(spec.trim())) {
            return runRandom();
        }
        List<Scenario> scenarios = select(spec);
        out.printf("ddbsync local --faults: %d scenario(s), seed %d (rerun with --seed %d), %,d changes over %,d items each%n",
                scenarios.size(), seed, seed, size.changes(), size.items());
        long begin = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        try (FaultStack stack = FaultStack.start(log, s -> out.println("  started " + s), commands)) {
            running = stack;
            out.printf("  all services up in %.1f s%n", (System.nanoTime() - begin) / 1e9);
            for (Scenario s : scenarios) {
                results.add(runOne(stack, s));
                stack.clearFaults();
            }
        } finally {
            running = null;
        }
        out.println();
        out.print(table(results));
        out.printf("%nseed %d, %.0f s in all; reproduce: ./ddbsync local --faults %s --seed %d --changes %d%n", seed,
                (System.nanoTime() - begin) / 1e9, spec, seed, size.changes());
        return results.stream().allMatch(ScenarioResult::passed);
    }

    /** {@code --faults random}: {@link #rounds} rounds of {@link RandomRounds} on one pipeline. */
    boolean runRandom() {
        out.printf("ddbsync local --faults random: %d round(s), seed %d (rerun with --seed %d), %,d changes per round%n", rounds,
                seed, seed, Math.max(50, size.changes() / 5));
        long begin = System.nanoTime();
        List<ScenarioResult> results;
        try (FaultStack stack = FaultStack.start(log, s -> out.println("  started " + s), commands)) {
            running = stack;
            out.printf("  all services up in %.1f s%n", (System.nanoTime() - begin) / 1e9);
            results = new RandomRounds(this, seed, rounds).run(stack, size, out);
        } finally {
            running = null;
        }
        out.println();
        out.print(table(results));
        long passed = results.stream().filter(ScenarioResult::passed).count();
        out.printf("%n%d of %d round(s) converged; seed %d, %.0f s in all; reproduce: ./ddbsync local --faults random --seed %d "
                + "--rounds %d --changes %d%n", passed, rounds, seed, (System.nanoTime() - begin) / 1e9, seed, rounds, size.changes());
        return passed == rounds;
    }

    public ScenarioResult runOne(FaultStack stack, Scenario scenario) {
        long start = System.nanoTime();
        String name = scenario.name();
        java.util.function.Consumer<String> say = m -> out.printf("  [%-24s %5.1f s] %s%n", name, (System.nanoTime() - start) / 1e9, m);
        out.println();
        out.println("scenario " + name + ": " + scenario.description());
        long scenarioSeed = seed * 31 + name.hashCode();
        try (ScenarioPipeline p = new ScenarioPipeline(stack, name, scenario.options())) {
            p.start();
            MixedLoad load = new MixedLoad(stack.dynamo, stack.streams, p.table, scenarioSeed, size.items());
            return runOn(p, load, scenario, scenarioSeed, size.changes(), say);
        } catch (RuntimeException e) {
            e.printStackTrace(log);
            say.accept("failed: " + e);
            return failed(scenario, e.toString());
        }
    }

    /**
     * One scenario on a running pipeline: {@code changes} more changes of {@code load} with the scenario's fault injected
     * meanwhile, its own step after the load, then the shared recovery and the checks.
     */
    ScenarioResult runOn(ScenarioPipeline p, MixedLoad load, Scenario scenario, long scenarioSeed, long changes,
                         java.util.function.Consumer<String> say) {
        String name = scenario.name();
        try {
            ScenarioRun run = new ScenarioRun(p.stack, p, size, scenarioSeed, load, changes, say);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread faults = new Thread(() -> {
                try {
                    scenario.inject(run);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }, "fault-" + name);
            faults.setDaemon(true);
            faults.start();
            say.accept("writing " + changes + " changes at " + (int) size.perSecond() + "/s");
            long loadStart = System.nanoTime();
            long from = load.changes();
            load.run(from + changes, () -> false, () -> pace(loadStart, load.changes() - from, size.perSecond()));
            run.loadDone();
            long loadEnd = System.nanoTime();
            say.accept("load written: " + load.counts());
            faults.join();
            p.stack.clearFaults();
            p.workerFaults.clear();
            if (failure.get() != null) {
                throw new FaultSuiteException("scenario " + name + " could not inject its fault", failure.get());
            }
            scenario.afterLoad(run);
            return recover(p, scenario, run, load, say, loadEnd, load.changes() - from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(scenario, "interrupted");
        } catch (RuntimeException e) {
            e.printStackTrace(log);
            say.accept("failed: " + e);
            return failed(scenario, e.toString());
        }
    }

    private ScenarioResult failed(Scenario s, String detail) {
        return new ScenarioResult(s.name(), 0, Map.of(), Duration.ZERO, -1, -1, -1, 0, 0, 0, false, detail);
    }

    /** The recovery every scenario shares: redrive what is dead-lettered, replay on-failure records, until table = index. */
    private ScenarioResult recover(ScenarioPipeline p, Scenario scenario, ScenarioRun run, MixedLoad load,
                                   java.util.function.Consumer<String> say, long loadEnd, long written) throws InterruptedException {
        Recovery recovery = new Recovery(p, new Runbook(p, log), say);
        boolean converged = recovery.untilEqual(loadEnd + size.convergeBy().toNanos());
        Duration took = Duration.ofNanos(System.nanoTime() - loadEnd);
        Convergence.Report report = recovery.report != null ? recovery.report : p.compare();
        if (converged) {
            String after = afterConvergence(p, recovery.runbook, scenario, run);
            if (!after.isEmpty()) {
                converged = false;
                recovery.detail = after;
            }
        } else if (recovery.detail.isEmpty()) {
            recovery.detail = "no convergence within " + size.convergeBy().toSeconds() + " s: " + report.describe();
        }
        if (!converged) {
            explain(p, report);
        }
        String detail = recovery.detail;
        say.accept((converged ? "converged " : "NOT converged ") + String.format("%.1f s after the load: ", took.toMillis() / 1e3)
                + report.describe() + (detail.isEmpty() ? "" : "; " + detail));
        return new ScenarioResult(scenario.name(), written, scenario.faults(run), took, report.missing().size(),
                report.different().size(), report.extra().size(), recovery.deadLettered, recovery.redriven,
                recovery.replayed, converged, detail);
    }

    /**
     * The checks after table = index: {@code ddbsync reconcile} agrees, the scenario's own check passes, and the
     * queues are empty. Returns why not ("" when all hold); an unempty queue is the reason given over the others.
     */
    private static String afterConvergence(ScenarioPipeline p, Runbook runbook, Scenario scenario, ScenarioRun run)
            throws InterruptedException {
        String detail;
        Runbook.Run r = runbook.reconcile();
        if (r.exitCode() != 0) {
            detail = "ddbsync reconcile exited " + r.exitCode() + " (see the log)";
        } else {
            detail = scenario.afterConverged(run);
        }
        long left = p.depth(p.queues.changeQueueUrl()) + p.depth(p.queues.deadLetterQueueUrl())
                + p.depth(p.queues.streamFailureQueueUrl());
        return left > 0 ? left + " message(s) left on the queues" : detail;
    }

    /** One scenario's recovery loop: what it redrove and replayed, and the last comparison it made. */
    private static final class Recovery {
        private final ScenarioPipeline p;
        private final Runbook runbook;
        private final java.util.function.Consumer<String> say;
        private long deadLettered;
        private long redriven;
        private long replayed;
        private Convergence.Report report;
        private long lastSaid;
        private String detail = "";

        Recovery(ScenarioPipeline p, Runbook runbook, java.util.function.Consumer<String> say) {
            this.p = p;
            this.runbook = runbook;
            this.say = say;
        }

        /**
         * Replays on-failure records and redrives the dead-letter queue (once the change queue is empty) until
         * the table equals the index; false when {@code deadline} ({@link System#nanoTime}) passes first.
         */
        boolean untilEqual(long deadline) throws InterruptedException {
            while (System.nanoTime() < deadline) {
                long changes = p.depth(p.queues.changeQueueUrl());
                long dlq = p.depth(p.queues.deadLetterQueueUrl());
                long failures = p.depth(p.queues.streamFailureQueueUrl());
                if (failures > 0) {
                    replay(failures);
                    continue;
                }
                if (dlq > 0 && changes == 0) {
                    redrive(dlq);
                    continue;
                }
                if (changes == 0 && dlq == 0) {
                    report = p.compare();
                    if (report.equal()) {
                        return true;
                    }
                }
                if (System.nanoTime() - lastSaid > 5_000_000_000L) {
                    lastSaid = System.nanoTime();
                    say.accept("recovering: " + changes + " on the change queue, " + dlq + " dead-lettered, "
                            + (report == null ? "" : report.describe()));
                }
                Thread.sleep(1000);
            }
            return false;
        }

        private void replay(long failures) {
            say.accept(failures + " on-failure record(s): ddbsync replay-stream-failures");
            Runbook.Run r = runbook.replayStreamFailures();
            replayed += failures;
            if (r.exitCode() != 0) {
                detail = "replay-stream-failures exited " + r.exitCode();
            }
        }

        private void redrive(long dlq) {
            say.accept(dlq + " message(s) in the dead-letter queue: ddbsync redrive");
            deadLettered += dlq;
            Runbook.Run r = runbook.redrive();
            if (r.exitCode() == 0) {
                redriven += dlq;
            } else {
                detail = "redrive exited " + r.exitCode();
            }
        }
    }

    /** For a run that did not converge: each differing key's item and its documents in every physical index, to the transcript. */
    private void explain(ScenarioPipeline p, Convergence.Report report) {
        List<String> ids = new ArrayList<>();
        ids.addAll(report.missing());
        ids.addAll(report.different());
        ids.addAll(report.extra());
        for (String id : ids.subList(0, Math.min(5, ids.size()))) {
            log.println("-- " + id);
            io.ddbsync.ops.operations.DocumentIdKeys.parse(id).ifPresent(keys -> {
                var item = p.stack.dynamo.getItem(b -> b.tableName(p.table).consistentRead(true)
                        .key(io.ddbsync.aws.dynamodb.DynamoJson.toItem(keys)));
                log.println("   item: " + (item.hasItem() ? io.ddbsync.aws.dynamodb.DynamoJson.fromItem(item.item()) : "(none)"));
            });
            com.fasterxml.jackson.databind.node.ObjectNode q = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            q.putObject("query").putObject("ids").putArray("values").add(id);
            var found = p.stack.search.search(p.index + "_v*", q);
            for (var hit : found.body().path("hits").path("hits")) {
                log.println("   " + hit.path("_index").asText() + ": " + hit.path("_source"));
            }
        }
    }

    private static void pace(long start, long done, double perSecond) {
        long due = start + (long) (done / perSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static String table(List<ScenarioResult> results) {
        StringBuilder b = new StringBuilder();
        String format = "%-25s %8s %-48s %9s %7s %5s %6s %6s %8s %8s  %s%n";
        b.append(String.format(format, "scenario", "changes", "faults injected", "converge", "missing", "stale", "ghosts",
                "DLQ'd", "redriven", "replayed", "result"));
        for (ScenarioResult r : results) {
            String faults = r.faults().isEmpty() ? "-" : new LinkedHashMap<>(r.faults()).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            String result = r.passed() ? "converged" : !r.converged() ? "NOT CONVERGED " + r.detail() : "FAULT NEVER FIRED";
            b.append(String.format(format, r.scenario(), r.changes(), faults, String.format("%.1f s", r.converge().toMillis() / 1e3),
                    r.missing(), r.stale(), r.ghosts(), r.deadLettered(), r.redriven(), r.replayed(), result));
        }
        return b.toString();
    }
}
