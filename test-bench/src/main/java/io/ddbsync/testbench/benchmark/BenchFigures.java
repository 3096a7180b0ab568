package io.ddbsync.testbench.benchmark;

import io.ddbsync.ops.cost.Prices;
import io.ddbsync.testbench.benchmark.PipelineBenchmark.Result;
import io.ddbsync.testbench.benchmark.PipelineBenchmark.Run;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@code ddbsync bench} derives from a {@link Result}, each per round (pipeline path and its raw baseline of the
 * same round), summarised as median (min–max):
 *
 * <ul>
 *   <li>(a) OpenSearch's CPU per document under the pipeline's writes ÷ under raw {@code _bulk} (the version guard's
 *       cost to the cluster);</li>
 *   <li>(b) ddbsync's own CPU (forwarder + worker; backfill: Scan + worker) ÷ OpenSearch's, both per 1,000;</li>
 *   <li>(c) Lambda GB-seconds per million changes: each handler's busy (wall) time × its deployed memory (MB ÷ 1,024),
 *       and the price at {@link Prices#US_EAST_1}, the project's one price list (Lambda arm64 per GB-second and per
 *       request, us-east-1, with its source): duration + requests;</li>
 *   <li>throughput ratio and lag per worker concurrency, and the goals, met or not and what holds each.</li>
 * </ul>
 */
public final class BenchFigures {

    /** Goal (a): OpenSearch CPU per document, pipeline ÷ raw, at most. */
    public static final double GOAL_OPENSEARCH_PER_DOC = 1.15;
    /** Goal (b): ddbsync's CPU ÷ OpenSearch's, at most. */
    public static final double GOAL_OWN_CPU_SHARE = 0.25;
    /** Goal: pipeline ÷ raw throughput at the best concurrency, at least. */
    public static final double GOAL_RATIO = 0.8;
    /** Goal: the worker's write path ÷ raw (measured by index-worker's write-path benchmark), at least. */
    public static final double GOAL_WRITE_PATH = 0.9;
    /** Goal: lag p99 for a {@value #GOAL_LAG_BACKLOG}-change backlog, seconds, at most. */
    public static final double GOAL_LAG_P99_SECONDS = 10;
    public static final int GOAL_LAG_BACKLOG = 20_000;
    /** A worker mapping whose pollers are busy this share of the wall time or more is its bottleneck. */
    static final double POLLERS_SATURATED = 0.9;
    /** A shard whose GetRecords and forwarder time fill this share of the path or more holds the path back. */
    static final double STREAM_SIDE_BUSY = 0.6;

    /**
     * One goal's verdict.
     *
     * @param goal     what the issue asks, with its threshold
     * @param measured the median measured, formatted; "-" when this run does not measure it
     * @param status   {@code met}, {@code not met} or {@code not measured}
     * @param holder   where not met: which component holds it and by how much; else empty
     */
    public record Goal(String goal, String measured, String status, String holder) {
    }

    private final Result result;

    private BenchFigures(Result result) {
        this.result = result;
    }

    public static BenchFigures of(Result result) {
        return new BenchFigures(result);
    }

    /** The pipeline path's baseline: {@code raw} for {@code stream}, {@code scan} for {@code backfill}. */
    static String baseOf(String path) {
        return PipelineBenchmark.BACKFILL.equals(path) ? PipelineBenchmark.SCAN : PipelineBenchmark.RAW;
    }

    private int first() {
        return result.settings().workerConcurrency().get(0);
    }

    /** (a) per round: OpenSearch CPU per document of {@code path} ÷ of its baseline, at {@code concurrency}. */
    public List<Double> openSearchPerDoc(String path, int concurrency) {
        return paired(path, concurrency, (p, b) -> p.cpuMsPerThousand(CpuMeter.OPENSEARCH) / b.cpuMsPerThousand(CpuMeter.OPENSEARCH));
    }

    /** (b) per round: ddbsync's CPU (forwarder + worker, or backfill Scan + worker) ÷ OpenSearch's in {@code path}. */
    public List<Double> ownCpuShare(String path, int concurrency) {
        return result.runs(path, concurrency).stream()
                .map(r -> ownCpuMsPerThousand(r) / r.cpuMsPerThousand(CpuMeter.OPENSEARCH)).toList();
    }

    static double ownCpuMsPerThousand(Run r) {
        return r.cpuMsPerThousand(CpuMeter.FORWARDER) + r.cpuMsPerThousand(CpuMeter.WORKER) + r.cpuMsPerThousand(CpuMeter.BACKFILL);
    }

    /** (c) per round: Lambda GB-seconds per million changes of {@code path} (its handlers' busy time × memory). */
    public List<Double> gbSecondsPerMillion(String path, int concurrency) {
        return result.runs(path, concurrency).stream().map(this::gbSecondsPerMillion).toList();
    }

    private double gbSecondsPerMillion(Run r) {
        PipelineBenchmark.Handlers h = r.handlers();
        double gbSeconds = h.forwarderBusyNanos() / 1e9 * result.settings().forwarderMemoryMb() / 1024.0
                + h.workerBusyNanos() / 1e9 * result.settings().workerMemoryMb() / 1024.0;
        return gbSeconds * 1e6 / r.items();
    }

    /**
     * Lambda's memory that buys one vCPU: CPU is allocated in proportion to memory, 1,769 MB being one full vCPU (AWS
     * Lambda Developer Guide, "Configure Lambda function memory").
     */
    static final double MB_PER_VCPU = 1769;

    /**
     * (c)'s floor per round: the GB-seconds the handlers' measured CPU alone costs where they run CPU-bound on Lambda's
     * memory-proportional share ({@value #MB_PER_VCPU} MB a vCPU, below it): CPU seconds × {@value #MB_PER_VCPU} ÷ 1,024,
     * whatever the memory size; the waits (OpenSearch, SQS, DynamoDB) come on top.
     */
    public List<Double> gbSecondsFloorPerMillion(String path, int concurrency) {
        return result.runs(path, concurrency).stream().map(r -> (r.cpuNanos().getOrDefault(CpuMeter.FORWARDER, 0L)
                + r.cpuNanos().getOrDefault(CpuMeter.WORKER, 0L)) / 1e9 * MB_PER_VCPU / 1024 * 1e6 / r.items()).toList();
    }

    /** (c) per round: USD per million changes: the GB-seconds and the invocations at {@link Prices#US_EAST_1}. */
    public List<Double> usdPerMillion(String path, int concurrency) {
        return result.runs(path, concurrency).stream().map(r -> {
            double requests = (r.handlers().forwarderInvocations() + r.handlers().workerInvocations()) * 1e6 / r.items();
            return gbSecondsPerMillion(r) * Prices.US_EAST_1.lambdaGbSecond() + requests * Prices.US_EAST_1.lambdaRequest();
        }).toList();
    }

    /** Per round: the worker's busy time ÷ (concurrency × wall time): 1 means every poller always busy. */
    public List<Double> pollerBusy(String path, int concurrency) {
        return result.runs(path, concurrency).stream()
                .map(r -> r.handlers().workerBusyNanos() / (double) r.nanos() / concurrency).toList();
    }

    /** CPU ms per 1,000 items per component of {@code path} at {@code concurrency}, per round, in {@link CpuMeter#COMPONENTS} order. */
    public Map<String, List<Double>> cpuMsPerThousand(String path, int concurrency) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        List<Run> runs = result.runs(path, concurrency);
        for (String c : CpuMeter.COMPONENTS) {
            if (runs.stream().anyMatch(r -> r.cpuNanos().containsKey(c))) {
                out.put(c, runs.stream().map(r -> r.cpuMsPerThousand(c)).toList());
            }
        }
        return out;
    }

    /** Pipeline ÷ baseline items per second, per round. */
    public List<Double> ratios(String path, int concurrency) {
        return paired(path, concurrency, (p, b) -> p.perSecond() / b.perSecond());
    }

    private List<Double> paired(String path, int concurrency, java.util.function.BiFunction<Run, Run, Double> f) {
        List<Run> a = result.runs(path, concurrency);
        List<Run> b = result.runs(baseOf(path), concurrency);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            out.add(f.apply(a.get(i), b.get(i)));
        }
        return out;
    }

    private static List<Double> of(List<Run> runs, ToDoubleFunction<Run> f) {
        return runs.stream().map(r -> f.applyAsDouble(r)).toList();
    }

    /** The concurrency whose median stream ratio is highest. */
    int bestConcurrency() {
        return result.settings().workerConcurrency().stream()
                .max(Comparator.comparingDouble(c -> Spread.median(ratios(PipelineBenchmark.STREAM, c)))).orElseThrow();
    }

    /** The goals, each met or not, and where not, which component holds it and by how much. */
    public List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        String stream = PipelineBenchmark.STREAM;
        // every goal at the concurrency where the pipeline came closest to raw: where the pollers hold it back least
        int best = bestConcurrency();
        int c = best;
        List<Run> streams = result.runs(stream, c);
        List<Run> raws = result.runs(PipelineBenchmark.RAW, c);

        double a = Spread.median(openSearchPerDoc(stream, c));
        double osStream = Spread.median(of(streams, r -> r.cpuMsPerThousand(CpuMeter.OPENSEARCH)));
        double osRaw = Spread.median(of(raws, r -> r.cpuMsPerThousand(CpuMeter.OPENSEARCH)));
        goals.add(verdict(String.format("(a) OpenSearch CPU per document, worker ÷ raw _bulk ≤ %.2f", GOAL_OPENSEARCH_PER_DOC),
                a, a <= GOAL_OPENSEARCH_PER_DOC, String.format("%.2f at concurrency %d", a, c), String.format(
                        "OpenSearch: %.0f CPU ms per 1,000 documents under the worker's writes against raw's %.0f; %.0f ms (%.0f %%) "
                                + "above the goal's %.0f (the node's per-second work, refreshes and merges, counts over a longer path)",
                        osStream, osRaw,
                        osStream - GOAL_OPENSEARCH_PER_DOC * osRaw, (a / GOAL_OPENSEARCH_PER_DOC - 1) * 100,
                        GOAL_OPENSEARCH_PER_DOC * osRaw)));

        double b = Spread.median(ownCpuShare(stream, c));
        double fwd = Spread.median(of(streams, r -> r.cpuMsPerThousand(CpuMeter.FORWARDER)));
        double wrk = Spread.median(of(streams, r -> r.cpuMsPerThousand(CpuMeter.WORKER)));
        goals.add(verdict(String.format("(b) ddbsync CPU (forwarder + worker) ÷ OpenSearch CPU ≤ %.2f", GOAL_OWN_CPU_SHARE),
                b, b <= GOAL_OWN_CPU_SHARE, String.format("%.2f at concurrency %d", b, c), String.format(
                        "%s: worker %.0f + forwarder %.0f CPU ms per 1,000 changes against OpenSearch's %.0f; the goal allows %.0f "
                                + "(%.1f× over)", wrk >= fwd ? "the worker" : "the forwarder", wrk, fwd, osStream,
                        GOAL_OWN_CPU_SHARE * osStream, b / GOAL_OWN_CPU_SHARE)));

        double ratio = Spread.median(ratios(stream, best));
        double busy = Spread.median(pollerBusy(stream, best));
        goals.add(verdict(String.format("pipeline ÷ raw ≥ %.1f where pollers are not the bottleneck", GOAL_RATIO), ratio,
                ratio >= GOAL_RATIO, String.format("%.2f at concurrency %d", ratio, best),
                ratioHolder(best, ratio, busy) + String.format("; %.2f short", GOAL_RATIO - ratio)));

        goals.add(new Goal(String.format("worker write path ≥ %.1f of raw", GOAL_WRITE_PATH), "-", "not measured",
                "measured by index-worker's write-path benchmark, not by this command (README, measured figures)"));

        List<Run> atBest = result.runs(stream, best);
        double lag = Spread.median(of(atBest, Run::lagP99Ms)) / 1000;
        double wait = Spread.median(of(atBest, Run::queueWaitP99Ms)) / 1000;
        String lagGoal = String.format("lag p99 ≤ %.0f s for a %,d-change backlog", GOAL_LAG_P99_SECONDS, GOAL_LAG_BACKLOG);
        if (result.settings().changes() != GOAL_LAG_BACKLOG) {
            goals.add(new Goal(lagGoal, String.format("%.1f s for %,d changes", lag, result.settings().changes()), "not measured",
                    String.format("run with --changes %d", GOAL_LAG_BACKLOG)));
        } else {
            double streamSide = Spread.median(of(atBest, r -> (r.handlers().getRecordsNanos() + r.handlers().forwarderBusyNanos()) / 1e9));
            goals.add(verdict(lagGoal, lag, lag <= GOAL_LAG_P99_SECONDS, String.format("%.1f s at concurrency %d", lag, best),
                    String.format("%s: the shard's GetRecords and forwarder invocations, one after another, take %.1f s of the "
                                    + "backlog's drain; messages wait %.1f s (p99) on the change queue; %.1f s over",
                            wait >= lag / 2 ? "the worker side (queue → worker → OpenSearch)" : "the stream side",
                            streamSide, wait, lag - GOAL_LAG_P99_SECONDS)));
        }
        return goals;
    }

    private String ratioHolder(int best, double ratio, double busy) {
        if (busy >= POLLERS_SATURATED) {
            return String.format("the worker's pollers: busy %.0f %% of the time at concurrency %d, the highest measured",
                    busy * 100, best);
        }
        List<Run> s = result.runs(PipelineBenchmark.STREAM, best);
        double streamSide = Spread.median(of(s, r -> (r.handlers().getRecordsNanos() + r.handlers().forwarderBusyNanos())
                / (double) r.nanos()));
        String side = streamSide >= STREAM_SIDE_BUSY ? String.format("the stream side: one shard's GetRecords and forwarder "
                + "invocations take turns, busy %.0f %% of the path; then ", streamSide * 100) : "";
        List<Run> r = result.runs(PipelineBenchmark.RAW, best);
        StringBuilder parts = new StringBuilder();
        double total = 0;
        double rawTotal = 0;
        List<Map.Entry<String, Double>> extra = new ArrayList<>();
        for (String c : CpuMeter.COMPONENTS) {
            double ps = Spread.median(of(s, x -> x.cpuMsPerThousand(c)));
            double pr = Spread.median(of(r, x -> x.cpuMsPerThousand(c)));
            total += ps;
            rawTotal += pr;
            if (ps - pr > 0) {
                extra.add(Map.entry(c, ps - pr));
            }
        }
        extra.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (Map.Entry<String, Double> e : extra.subList(0, Math.min(4, extra.size()))) {
            parts.append(parts.length() == 0 ? "" : ", ").append(String.format("%s +%.0f", e.getKey(), e.getValue()));
        }
        return String.format("%sthe shared CPU (worker pollers busy %.0f %%): the stream path spends %,.0f CPU ms per 1,000 changes "
                + "against raw's %,.0f — most of the extra: %s", side, busy * 100, total, rawTotal, parts);
    }

    private static Goal verdict(String goal, double value, boolean met, String measured, String holder) {
        if (Double.isNaN(value)) {
            return new Goal(goal, "-", "not measured", "no value in this run");
        }
        return new Goal(goal, measured, met ? "met" : "not met", met ? "" : holder);
    }

    /** Prints the summary: per path and concurrency the rates, ratios, lag, CPU, (a), (b), (c), then the goals. */
    public void print(PrintWriter out) {
        PipelineBenchmark.Settings s = result.settings();
        PipelineBenchmark.Conditions k = result.conditions();
        out.printf("summary: %d round(s) of %,d changes, median (min–max); %d cores, load average %.1f before, %.1f after%n",
                s.rounds(), s.changes(), k.cores(), k.loadBefore(), k.loadAfter());
        out.printf("%n  concurrency  stream changes/s      raw docs/s            ratio             lag p50 s         lag p99 s         "
                + "pollers busy      (a)               (b)               (c) GB-s per million%n");
        for (int c : s.workerConcurrency()) {
            List<Run> st = result.runs(PipelineBenchmark.STREAM, c);
            out.printf("  %11d  %-20s  %-20s  %-16s  %-16s  %-16s  %-16s  %-16s  %-16s  %s%n", c,
                    Spread.describe(of(st, Run::perSecond), "%,.0f"),
                    Spread.describe(of(result.runs(PipelineBenchmark.RAW, c), Run::perSecond), "%,.0f"),
                    Spread.describe(ratios(PipelineBenchmark.STREAM, c), "%.2f"),
                    Spread.describe(of(st, r -> r.lagP50Ms() / 1000), "%.1f"),
                    Spread.describe(of(st, r -> r.lagP99Ms() / 1000), "%.1f"),
                    Spread.describe(pollerBusy(PipelineBenchmark.STREAM, c), "%.2f"),
                    Spread.describe(openSearchPerDoc(PipelineBenchmark.STREAM, c), "%.2f"),
                    Spread.describe(ownCpuShare(PipelineBenchmark.STREAM, c), "%.2f"),
                    Spread.describe(gbSecondsPerMillion(PipelineBenchmark.STREAM, c), "%,.0f"));
        }
        int c = first();
        for (String path : List.of(PipelineBenchmark.STREAM, PipelineBenchmark.BACKFILL)) {
            if (result.runs(path, c).isEmpty()) {
                continue;
            }
            String base = baseOf(path);
            out.printf("%n  %s (concurrency %d) against %s: %s %s/s vs %s, ratio %s%n", path, c, base,
                    Spread.describe(of(result.runs(path, c), Run::perSecond), "%,.0f"),
                    path.equals(PipelineBenchmark.STREAM) ? "changes" : "items",
                    Spread.describe(of(result.runs(base, c), Run::perSecond), "%,.0f"),
                    Spread.describe(ratios(path, c), "%.2f"));
            out.printf("    CPU ms per 1,000 %-22s %-20s %-20s%n", "", path, base);
            Map<String, List<Double>> p = cpuMsPerThousand(path, c);
            Map<String, List<Double>> b = cpuMsPerThousand(base, c);
            for (String comp : CpuMeter.COMPONENTS) {
                if (p.containsKey(comp) || b.containsKey(comp)) {
                    out.printf("      %-34s %-20s %-20s%n", comp, Spread.describe(p.getOrDefault(comp, List.of()), "%,.0f"),
                            Spread.describe(b.getOrDefault(comp, List.of()), "%,.0f"));
                }
            }
            out.printf("    (a) OpenSearch CPU per document, %s ÷ %s     %s (goal ≤ %.2f)%n", path, base,
                    Spread.describe(openSearchPerDoc(path, c), "%.2f"), GOAL_OPENSEARCH_PER_DOC);
            out.printf("    (b) ddbsync CPU ÷ OpenSearch CPU               %s (goal ≤ %.2f)%n",
                    Spread.describe(ownCpuShare(path, c), "%.2f"), GOAL_OWN_CPU_SHARE);
            out.printf("    (c) Lambda GB-s per million changes             %s at forwarder %d MB, worker %d MB (busy time here, on shared cores)%n",
                    Spread.describe(gbSecondsPerMillion(path, c), "%,.0f"), s.forwarderMemoryMb(), s.workerMemoryMb());
            out.printf("        floor: the handlers' CPU alone              %s GB-s (CPU-bound at 1 vCPU per %,.0f MB)%n",
                    Spread.describe(gbSecondsFloorPerMillion(path, c), "%,.0f"), MB_PER_VCPU);
            out.printf("        USD per million changes (arm64, us-east-1)  %s (duration + requests)%n",
                    Spread.describe(usdPerMillion(path, c), "%.3f"));
        }
        out.printf("%n  goals%n");
        for (Goal g : goals()) {
            out.printf("    %-60s %-12s %s%s%n", g.goal(), g.status(), g.measured(), g.holder().isEmpty() ? "" : " — " + g.holder());
        }
    }
}
