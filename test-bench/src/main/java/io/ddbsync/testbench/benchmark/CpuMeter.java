package io.ddbsync.testbench.benchmark;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU of each component over one timed path: the service processes by pid (OpenSearch, dynalite), this JVM's threads by
 * name, and the handlers' own CPU measured on the event source mappings' threads around each invocation
 * ({@link StageTimes}). A sampler reads every thread each {@value #SAMPLE_MILLIS} ms, so a thread that ends during the
 * path still counts up to its last reading; what it used after that (at most one period) counts in {@value #OTHER}, as
 * a thread that lived less than one period does (the backfill's Scan threads of a tiny run).
 *
 * <p>Threads by name: {@code esm-*} the event source mappings (polling, GetRecords, ReceiveMessage, DeleteMessage — what
 * Lambda's service does, not the function), {@code index-worker-*} the worker's message threads, {@code httpclient-*}
 * the OpenSearch client's I/O (the worker's during a pipeline path, the raw client's during a raw one),
 * {@code elasticmq*} the SQS server, {@code ddb-streams-*} the Streams emulation, {@code backfill-*} the backfill's
 * Scan, {@code bench-raw-bulk}/{@code bench-scan-*} the raw client; HotSpot's compiler and collector threads (read
 * from {@code /proc/self/task}) are {@value #JIT_GC}. The rest of this JVM is {@value #OTHER}: the process's CPU less
 * all of those (its other threads, named in the log per path).
 */
final class CpuMeter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CpuMeter.class);

    static final String OPENSEARCH = "OpenSearch";
    static final String DYNALITE = "dynalite";
    static final String SQS_SERVER = "SQS server (ElasticMQ)";
    static final String STREAMS = "Streams emulation";
    static final String FORWARDER = "forwarder";
    static final String WORKER = "worker";
    static final String BACKFILL = "backfill Scan";
    static final String RAW_CLIENT = "raw client";
    static final String ESM = "event source mappings";
    static final String JIT_GC = "JVM JIT + GC";
    static final String OTHER = "bench JVM, other";
    /** Every component, in the order the report lists them. */
    static final List<String> COMPONENTS = List.of(OPENSEARCH, FORWARDER, WORKER, BACKFILL, RAW_CLIENT, SQS_SERVER, DYNALITE,
            STREAMS, ESM, JIT_GC, OTHER);
    /** How often the JVM's threads are read: a thread that ends between two readings loses at most this much. */
    static final long SAMPLE_MILLIS = 100;
    /** HotSpot's compiler and collector threads live as long as the JVM: read every this many samples. */
    static final int INTERNAL_EVERY = 10;

    /** Whose the OpenSearch client's I/O threads are during the path. */
    enum Client { PIPELINE, RAW }

    private final CpuCounters counters;
    private final Map<String, LongSupplier> pids;
    private final Client client;
    private final Map<Long, CpuCounters.ThreadCpu> base;
    private final Map<Long, CpuCounters.ThreadCpu> last = new ConcurrentHashMap<>();
    private final Map<Long, CpuCounters.ThreadCpu> internalBase;
    private final Map<Long, CpuCounters.ThreadCpu> internalLast = new ConcurrentHashMap<>();
    private final Map<String, Long> processBase = new HashMap<>();
    private final long selfBase;
    private final Thread sampler;
    private volatile boolean running = true;

    private CpuMeter(CpuCounters counters, Map<String, LongSupplier> pids, Client client) {
        this.counters = counters;
        this.pids = pids;
        this.client = client;
        pids.forEach((name, pid) -> processBase.put(name, counters.processTree(pid.getAsLong())));
        this.selfBase = counters.self();
        this.base = counters.threads();
        this.internalBase = counters.jvmInternalThreads();
        this.sampler = new Thread(this::sample, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts measuring.
     *
     * @param pids    component name → its process id now (read again at the end: a restarted service counts from its new
     *                start)
     * @param client  whose the OpenSearch client's I/O is
     */
    static CpuMeter start(CpuCounters counters, Map<String, LongSupplier> pids, Client client) {
        return new CpuMeter(counters, pids, client);
    }

    private void sample() {
        for (int n = 0; running; n++) {
            last.putAll(counters.threads());
            if (n % INTERNAL_EVERY == 0) {
                internalLast.putAll(counters.jvmInternalThreads());
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Ends the measurement: CPU nanoseconds per component (every one of {@link #COMPONENTS} that used any), with the
     * handlers' CPU on the mappings' threads moved from {@value #ESM} to {@value #FORWARDER} and {@value #WORKER}.
     */
    Map<String, Long> stop(long forwarderHandlerNanos, long workerHandlerNanos) {
        last.putAll(counters.threads());
        internalLast.putAll(counters.jvmInternalThreads());
        long self = counters.self() - selfBase;
        close();
        Map<String, Long> out = new HashMap<>();
        pids.forEach((name, pid) -> out.merge(name, Math.max(0, counters.processTree(pid.getAsLong()) - processBase.get(name)), Long::sum));
        long named = 0;
        for (Map.Entry<Long, CpuCounters.ThreadCpu> e : last.entrySet()) {
            CpuCounters.ThreadCpu before = base.get(e.getKey());
            long used = e.getValue().nanos() - (before == null ? 0 : before.nanos());
            String component = componentOf(e.getValue().name());
            if (component != null && used > 0) {
                out.merge(component, used, Long::sum);
                named += used;
            }
        }
        Map<String, Long> unnamed = new HashMap<>();
        for (Map.Entry<Long, CpuCounters.ThreadCpu> e : last.entrySet()) {
            CpuCounters.ThreadCpu before = base.get(e.getKey());
            long used = e.getValue().nanos() - (before == null ? 0 : before.nanos());
            if (componentOf(e.getValue().name()) == null && used > 0) {
                unnamed.merge(e.getValue().name().replaceAll("[0-9]+$", "N"), used, Long::sum);
            }
        }
        for (Map.Entry<Long, CpuCounters.ThreadCpu> e : internalLast.entrySet()) {
            CpuCounters.ThreadCpu before = internalBase.get(e.getKey());
            long used = e.getValue().nanos() - (before == null ? 0 : before.nanos());
            if (used > 0) {
                out.merge(JIT_GC, used, Long::sum);
                named += used;
            }
        }
        LOG.atInfo().addKeyValue("threads", unnamed.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                        .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000 + "ms").toList().toString())
                .log("benchmark path: CPU of this JVM's other threads");
        out.merge(ESM, -(forwarderHandlerNanos + workerHandlerNanos), Long::sum);
        out.merge(FORWARDER, forwarderHandlerNanos, Long::sum);
        out.merge(WORKER, workerHandlerNanos, Long::sum);
        out.put(OTHER, Math.max(0, self - named));
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String c : COMPONENTS) {
            long v = out.getOrDefault(c, 0L);
            if (v > 0) {
                ordered.put(c, v);
            }
        }
        return ordered;
    }

    /** The component a thread of this JVM works for, by its name; null for the rest of the JVM. */
    String componentOf(String thread) {
        if (thread.startsWith("esm-")) {
            return ESM;
        }
        if (thread.startsWith("index-worker-")) {
            return WORKER;
        }
        if (thread.startsWith("httpclient-")) {
            return client == Client.PIPELINE ? WORKER : RAW_CLIENT;
        }
        if (thread.startsWith("elasticmq")) {
            return SQS_SERVER;
        }
        if (thread.startsWith("ddb-streams-")) {
            return STREAMS;
        }
        if (thread.startsWith("backfill-")) {
            return BACKFILL;
        }
        if (thread.startsWith("bench-raw-bulk") || thread.startsWith("bench-scan-")) {
            return RAW_CLIENT;
        }
        return null;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
