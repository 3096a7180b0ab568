package io.ddbsync.testbench.benchmark;

import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.testbench.local.LocalPipeline;
import io.ddbsync.worker.WorkerParts;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * One lever of the worker measured against itself (issue 23's levers): a path of {@link PipelineBenchmark} with the
 * lever off and on, alternating within each round (even rounds run it on first), so the machine's drift does not
 * decide the ratio. The stream path (N sample posts from TRIM_HORIZON → forwarder → change queue → worker → index)
 * hands the worker the messages about as fast as one shard's forwarder makes them, mostly one per invocation; the
 * backfill path (Scan → change queue → worker → index) keeps a backlog on the queue, so invocations get full batches —
 * as after an outage, a redrive or during a backfill. Per round it
 * prints both runs, and at the end the medians (min–max) of on ÷ off for changes/s, OpenSearch's and the worker's CPU
 * per 1,000 changes, the worker's {@code _bulk} requests, lag p99 and the worker's Lambda GB-seconds (busy time).
 */
public final class LeverBenchmark {

    /** A worker setting and its two values. */
    public enum Lever {
        /** {@code BULK_PER_INVOCATION}: off sends one {@code _bulk} per message, on shares them per invocation. */
        BULK_PER_INVOCATION("bulk-per-invocation", "BULK_PER_INVOCATION off → on",
                worker(b -> b.bulkPerInvocation(WorkerParts.Switch.OFF)), worker(b -> b.bulkPerInvocation(WorkerParts.Switch.ON))),
        /**
         * Decode/convert of the next message overlapped with the bulk in flight: off runs a batch's messages one after
         * the other (parallelism 1), on runs them at once (the worker's {@value WorkerParts#DEFAULT_PARALLELISM}).
         */
        OVERLAP("overlap", "messages of a batch one at a time → " + WorkerParts.DEFAULT_PARALLELISM + " at once",
                worker(b -> b.parallelism(1)), worker(b -> b.parallelism(WorkerParts.DEFAULT_PARALLELISM))),
        /** {@code CREATE_FIRST_READS}: read versions (the backfill's) read the stored version first, or go out as create. */
        CREATE_FIRST_READS("create-first-reads", "CREATE_FIRST_READS off → on",
                worker(b -> b.createFirstReads(WorkerParts.Switch.OFF)), worker(b -> b.createFirstReads(WorkerParts.Switch.ON))),
        /**
         * The forwarder's (and the backfill's) MAX_MESSAGE_BYTES at SQS's former 256 KiB → its 1 MiB (the default);
         * binds only when an invocation's changes fill more than 256 KiB compressed (use a large
         * {@code --forwarder-batch-size}).
         */
        MESSAGE_SIZE("message-size", "forwarder MAX_MESSAGE_BYTES 256 KiB → 1 MiB",
                new PipelineBenchmark.Tuning(UnaryOperator.identity(), 256 * 1024),
                new PipelineBenchmark.Tuning(UnaryOperator.identity(), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES));

        private final String flag;
        private final String description;
        private final PipelineBenchmark.Tuning off;
        private final PipelineBenchmark.Tuning on;

        Lever(String flag, String description, PipelineBenchmark.Tuning off, PipelineBenchmark.Tuning on) {
            this.flag = flag;
            this.description = description;
            this.off = off;
            this.on = on;
        }

        private static PipelineBenchmark.Tuning worker(UnaryOperator<WorkerParts.Builder> worker) {
            return PipelineBenchmark.Tuning.worker(worker);
        }

        /** The command line's name, e.g. {@code bulk-per-invocation}. */
        public String flag() {
            return flag;
        }

        /** @throws IllegalArgumentException for a name no lever has */
        public static Lever of(String flag) {
            for (Lever l : values()) {
                if (l.flag.equals(flag.toLowerCase(Locale.ROOT))) {
                    return l;
                }
            }
            throw new IllegalArgumentException("no lever " + flag);
        }
    }

    /** Which of {@link PipelineBenchmark}'s paths the lever is measured on. */
    public enum Path { STREAM, BACKFILL }

    /** Both runs of one round. */
    public record Round(int round, PipelineBenchmark.Run off, PipelineBenchmark.Run on) {
    }

    private final PipelineBenchmark bench;
    private final PipelineBenchmark.Settings settings;
    private final Lever lever;
    private final Path path;
    private final int maxMessageBytes;
    private final PrintWriter out;

    /**
     * @param settings        changes, rounds, forwarder batch size, segments and the first worker concurrency are used
     * @param maxMessageBytes the forwarder's and the backfill's MAX_MESSAGE_BYTES in both variants (bytes; the
     *                        message-size lever sets its own)
     */
    public LeverBenchmark(LocalPipeline pipeline, PipelineBenchmark.Settings settings, Lever lever, Path path, int maxMessageBytes,
                          PrintWriter out) {
        this.bench = new PipelineBenchmark(pipeline, settings, out);
        this.settings = settings;
        this.lever = lever;
        this.path = path;
        this.maxMessageBytes = maxMessageBytes;
        this.out = out;
    }

    private PipelineBenchmark.Run run(int round, int concurrency, boolean on) throws InterruptedException {
        String variant = on ? "_on" : "_off";
        PipelineBenchmark.Tuning tuning = on ? lever.on : lever.off;
        if (lever != Lever.MESSAGE_SIZE) {
            tuning = tuning.withMaxMessageBytes(maxMessageBytes);
        }
        return path == Path.STREAM ? bench.stream(round, concurrency, variant, tuning).run()
                : bench.backfill(round, concurrency, variant, tuning);
    }

    public List<Round> run() throws InterruptedException {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int concurrency = settings.workerConcurrency().get(0);
        bench.seed();
        out.printf("lever %s: %s, %s path, worker concurrency %d%s%n", lever.flag(), lever.description,
                path.name().toLowerCase(Locale.ROOT), concurrency, lever == Lever.MESSAGE_SIZE ? ""
                        : String.format(", messages of at most %,d bytes", maxMessageBytes));
        // both variants' code compiled before the first counted round (round 0's names: its own indexes and queues)
        print("warm-up off", run(0, concurrency, false));
        print("warm-up on ", run(0, concurrency, true));
        List<Round> rounds = new ArrayList<>();
        for (int r = 1; r <= settings.rounds(); r++) {
            boolean onFirst = r % 2 == 0;
            PipelineBenchmark.Run on = onFirst ? run(r, concurrency, true) : null;
            PipelineBenchmark.Run off = run(r, concurrency, false);
            if (!onFirst) {
                on = run(r, concurrency, true);
            }
            out.printf("round %d%s%n", r, onFirst ? " (on first)" : "");
            print("  off", off);
            print("  on ", on);
            rounds.add(new Round(r, off, on));
            out.flush();
        }
        out.printf("%nlever %s (%s path), on ÷ off, median (min–max) of %d rounds; load average %.1f before, %.1f after:%n", lever.flag(),
                path.name().toLowerCase(Locale.ROOT), rounds.size(), loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ratio(rounds, "changes/s", PipelineBenchmark.Run::perSecond);
        ratio(rounds, "OpenSearch CPU per change", r -> r.cpuMsPerThousand(CpuMeter.OPENSEARCH));
        ratio(rounds, "worker CPU per change", r -> r.cpuMsPerThousand(CpuMeter.WORKER));
        ratio(rounds, "_bulk requests", r -> r.handlers().bulkRequests());
        if (path == Path.STREAM) { // the backfill's records are read versions: no stream lag
            ratio(rounds, "lag p99", PipelineBenchmark.Run::lagP99Ms);
        }
        ratio(rounds, "worker GB-s (busy time)", r -> r.handlers().workerBusyNanos());
        out.flush();
        return rounds;
    }

    private void print(String label, PipelineBenchmark.Run r) {
        String lag = r.lagP99Ms() == null || r.lagP99Ms().isNaN() ? "" : String.format(", lag p99 %5.1f s", r.lagP99Ms() / 1000);
        out.printf("%s  %,6.0f changes/s%s, CPU ms per 1,000: OpenSearch %4.0f, worker %4.0f; %,d _bulk requests, "
                        + "worker busy %.1f s%n", label, r.perSecond(), lag, r.cpuMsPerThousand(CpuMeter.OPENSEARCH),
                r.cpuMsPerThousand(CpuMeter.WORKER), r.handlers().bulkRequests(), r.handlers().workerBusyNanos() / 1e9);
    }

    private void ratio(List<Round> rounds, String what, ToDoubleFunction<PipelineBenchmark.Run> value) {
        List<Double> ratios = rounds.stream().map(r -> value.applyAsDouble(r.on()) / value.applyAsDouble(r.off())).toList();
        out.printf("  %-28s %s%n", what, Spread.describe(ratios, "%.2f"));
    }
}
