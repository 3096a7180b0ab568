package io.ddbsync.testbench.benchmark;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where one benchmark run's time goes: GetRecords calls of the stream poller, the forwarder's and
 * the worker's invocations (busy time summed over concurrent invocations), each message's wait on
 * the queue (SentTimestamp → ApproximateFirstReceiveTimestamp), the worker's {@code _bulk} requests
 * ({@code BulkLatencyMs}), and the end-to-end lag of each message's oldest change ({@code EndToEndLagMs},
 * counted from the run's start for changes written before it), and the handlers' CPU on their calling thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()} around each invocation). Also the worker's metrics sink.
 */
final class StageTimes implements MetricsSink {

    final LongAdder getRecordsCalls = new LongAdder();
    final LongAdder getRecordsNanos = new LongAdder();
    final LongAdder forwarderInvocations = new LongAdder();
    final LongAdder forwarderNanos = new LongAdder();
    final LongAdder workerInvocations = new LongAdder();
    final LongAdder workerNanos = new LongAdder();
    /** CPU of the handlers on the calling (event source mapping) thread, nanoseconds. */
    final LongAdder forwarderCpuNanos = new LongAdder();
    final LongAdder workerCpuNanos = new LongAdder();
    final LongAdder bulkRequests = new LongAdder();
    final LongAdder bulkMillis = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final List<Long> queueWaits = new ArrayList<>();
    /** {milliseconds since the start, lag in milliseconds} per recorded lag. */
    private final List<long[]> lags = new ArrayList<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long startMillis;

    /** @param startMillis wall-clock start of the run: a change written earlier counts its lag from here */
    StageTimes(long startMillis) {
        this.startMillis = startMillis;
    }

    RequestHandler<DynamodbEvent, StreamsEventResponse> timeForwarder(RequestHandler<DynamodbEvent, StreamsEventResponse> h) {
        return (event, context) -> {
            long t = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            try {
                return h.handleRequest(event, context);
            } finally {
                forwarderCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
                forwarderNanos.add(System.nanoTime() - t);
                forwarderInvocations.increment();
            }
        };
    }

    RequestHandler<SQSEvent, SQSBatchResponse> timeWorker(RequestHandler<SQSEvent, SQSBatchResponse> h) {
        return (event, context) -> {
            recordQueueWaits(event);
            long t = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            try {
                return h.handleRequest(event, context);
            } finally {
                workerCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
                workerNanos.add(System.nanoTime() - t);
                workerInvocations.increment();
            }
        };
    }

    private void recordQueueWaits(SQSEvent event) {
        List<Long> waits = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            Map<String, String> a = m.getAttributes();
            String sent = a == null ? null : a.get("SentTimestamp");
            String received = a == null ? null : a.get("ApproximateFirstReceiveTimestamp");
            if (sent != null && received != null) {
                waits.add(Long.parseLong(received) - Long.parseLong(sent));
            }
        }
        synchronized (this) {
            queueWaits.addAll(waits);
        }
    }

    void getRecords(long nanos) {
        getRecordsCalls.increment();
        getRecordsNanos.add(nanos);
    }

    @Override
    public void record(String name, double value, Unit unit) {
        switch (name) {
            case WorkerMetricNames.BULK_LATENCY_MS -> bulkMillis.add((long) value);
            case WorkerMetricNames.BULK_REQUESTS -> bulkRequests.add((long) value);
            case WorkerMetricNames.DOCUMENTS_UPSERTED, WorkerMetricNames.DOCUMENTS_DELETED, WorkerMetricNames.STALE_SKIPPED -> written.add((long) value);
            case WorkerMetricNames.RECORDS_FAILED -> failed.add((long) value);
            case WorkerMetricNames.END_TO_END_LAG_MS -> {
                long sinceStart = System.currentTimeMillis() - startMillis;
                synchronized (this) {
                    lags.add(new long[] {sinceStart, Math.min((long) value, sinceStart)});
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void flush() {
    }

    synchronized List<Long> queueWaits() {
        return List.copyOf(queueWaits);
    }

    synchronized List<Long> lags() {
        return lags.stream().map(l -> l[1]).toList();
    }

    /** The largest lag recorded in each whole second since the start (ms); null for a second without any. */
    synchronized List<Long> maxLagPerSecond(int seconds) {
        Long[] max = new Long[Math.max(0, seconds)];
        for (long[] l : lags) {
            int s = (int) (l[0] / 1000);
            if (s < max.length && (max[s] == null || max[s] < l[1])) {
                max[s] = l[1];
            }
        }
        return java.util.Arrays.asList(max);
    }
}
