package io.ddbsync.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.forwarder.internal.map.MappedRecord;
import io.ddbsync.forwarder.internal.map.StreamRecordMapper;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.EntryFailure;
import io.ddbsync.aws.sqs.MessageAttributes;
import io.ddbsync.aws.sqs.SendObserver;
import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one batch of stream records to the change queue.
 *
 * <p>Records are mapped, split by table (an envelope holds one table, in stream order; a raw record
 * travels alone), packed, and the messages sent in the order of their first record's position in
 * the batch, one SendMessageBatch at a time. Sending stops at the first request with a message
 * that could not be enqueued; the result then names the earliest record (by batch position) that is
 * in no enqueued message. Every record before it is enqueued, so Lambda may resume from it; records
 * after it may have been enqueued already and will be sent again (harmless: ids are deterministic
 * and the worker is idempotent).
 */
public final class StreamRecordForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRecordForwarder.class);

    private final StreamRecordMapper mapper;
    private final EnvelopePacker packer;
    private final ChangeQueue queue;
    private final long reserveMillis;

    /**
     * @param reserveMillis after the first request, no new one is started with less time than this
     *                      left, so the function does not time out mid-batch
     */
    public StreamRecordForwarder(StreamRecordMapper mapper, EnvelopePacker packer, ChangeQueue queue, long reserveMillis) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.packer = Objects.requireNonNull(packer, "packer");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.reserveMillis = reserveMillis;
    }

    /**
     * @param remainingMillis time left in the invocation (Lambda's {@code getRemainingTimeInMillis})
     */
    public ForwardResult forward(List<DynamodbStreamRecord> records, InvocationMetrics metrics, LongSupplier remainingMillis) {
        List<MappedRecord> mapped = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            MappedRecord m = mapper.map(i, records.get(i));
            if (m.record() instanceof RawRecord raw) {
                LOG.atError().addKeyValue(LogFields.TABLE, m.table()).addKeyValue(LogFields.SEQUENCE_NUMBER, raw.sequenceNumber())
                        .addKeyValue("eventID", records.get(i).getEventID()).addKeyValue("position", i)
                        .addKeyValue(LogFields.REASON, raw.reason())
                        .log("stream record not interpretable; forwarded raw for the dead-letter queue");
            }
            mapped.add(m);
        }
        List<Outgoing> outgoing = pack(mapped, metrics);
        List<PackedMessage> ordered = outgoing.stream().map(Outgoing::message).toList();
        List<List<PackedMessage>> requests = SendBatches.group(ordered, SendBatches.MAX_ENTRIES,
                SendBatches.MAX_TOTAL_BYTES, MessageAttributes.MAX_BYTES);
        int offset = 0; // index in outgoing of the request's first message (groups are consecutive, in order)
        for (List<PackedMessage> request : requests) {
            if (offset > 0 && remainingMillis.getAsLong() < reserveMillis) {
                return stopAt(mapped, outgoing.subList(offset, outgoing.size()),
                        List.of("time budget: less than " + reserveMillis + " ms left"));
            }
            List<EntryFailure> failures = queue.send(request, counting(metrics), remainingMillis);
            if (!failures.isEmpty()) {
                List<Outgoing> unsent = new ArrayList<>();
                for (EntryFailure f : failures) {
                    unsent.add(outgoing.get(offset + f.index()));
                }
                unsent.addAll(outgoing.subList(offset + request.size(), outgoing.size()));
                return stopAt(mapped, unsent, failures.stream()
                        .map(f -> f.code() + (f.permanent() ? " (permanent)" : " (retries exhausted)") + ": " + f.message())
                        .toList());
            }
            offset += request.size();
        }
        if (offset != outgoing.size()) {
            throw new IllegalStateException("send batches hold " + offset + " of " + outgoing.size() + " messages");
        }
        return ForwardResult.complete();
    }

    /** Per table (first-appearance order), consecutive changes packed together, each raw record alone; ordered by first position. */
    private List<Outgoing> pack(List<MappedRecord> mapped, InvocationMetrics metrics) {
        Map<String, List<MappedRecord>> byTable = new LinkedHashMap<>();
        for (MappedRecord m : mapped) {
            byTable.computeIfAbsent(m.table(), t -> new ArrayList<>()).add(m);
        }
        List<Outgoing> out = new ArrayList<>();
        for (Map.Entry<String, List<MappedRecord>> table : byTable.entrySet()) {
            List<MappedRecord> run = new ArrayList<>();
            for (MappedRecord m : table.getValue()) {
                if (m.isRaw()) {
                    packRun(table.getKey(), run, out, metrics);
                    run.clear();
                    packRun(table.getKey(), List.of(m), out, metrics);
                } else {
                    run.add(m);
                }
            }
            packRun(table.getKey(), run, out, metrics);
        }
        out.sort(Comparator.comparingInt(Outgoing::firstPosition));
        return out;
    }

    private void packRun(String table, List<MappedRecord> run, List<Outgoing> out, InvocationMetrics metrics) {
        if (run.isEmpty()) {
            return;
        }
        List<WireRecord> wire = run.stream().map(MappedRecord::record).toList();
        List<PackedMessage> messages = packer.pack(table, wire);
        int next = 0;
        for (PackedMessage message : messages) {
            int count = message.envelope().records().size();
            if (count == 0 || next + count > run.size()) {
                throw new IllegalStateException("packer returned " + count + " records for table " + table
                        + " where " + (run.size() - next) + " remained");
            }
            out.add(new Outgoing(message, run.get(next).position()));
            metrics.add(ForwarderMetricNames.OVERSIZE_RECORDS, message.oversizeRecords());
            next += count;
        }
        if (next != run.size()) {
            throw new IllegalStateException("packer dropped " + (run.size() - next) + " records of table " + table);
        }
    }

    private ForwardResult stopAt(List<MappedRecord> mapped, List<Outgoing> unsent, List<String> reasons) {
        int position = unsent.stream().mapToInt(Outgoing::firstPosition).min().orElseThrow();
        // Resuming earlier than necessary is safe; a record without a readable number cannot be named.
        int resume = position;
        while (resume >= 0 && mapped.get(resume).sequenceNumber() == null) {
            resume--;
        }
        MappedRecord first = mapped.get(position);
        if (resume < 0) {
            LOG.atError().addKeyValue(LogFields.TABLE, first.table()).addKeyValue("position", position)
                    .addKeyValue(LogFields.REASON, String.join("; ", reasons))
                    .log("send failed before any record with a sequence number; failing the whole batch");
            throw new ForwardingException("could not enqueue record " + position + " of table " + first.table()
                    + " and no earlier record has a sequence number to resume from: " + String.join("; ", reasons));
        }
        String seq = mapped.get(resume).sequenceNumber();
        LOG.atError().addKeyValue(LogFields.TABLE, first.table()).addKeyValue(LogFields.SEQUENCE_NUMBER, seq)
                .addKeyValue("position", resume).addKeyValue("unsentMessages", unsent.size())
                .addKeyValue(LogFields.REASON, String.join("; ", reasons))
                .log("send failed; reporting batch item failure");
        return new ForwardResult(Optional.of(seq), resume, reasons);
    }

    private record Outgoing(PackedMessage message, int firstPosition) {
    }

    /** The send metrics: requests, retries, and the messages, bytes and records SQS accepted. */
    static SendObserver counting(InvocationMetrics metrics) {
        return new SendObserver() {
            @Override
            public void requestSent() {
                metrics.add(ForwarderMetricNames.SEND_REQUESTS, 1);
            }

            @Override
            public void retried() {
                metrics.add(ForwarderMetricNames.SEND_RETRIES, 1);
            }

            @Override
            public void accepted(PackedMessage message) {
                metrics.add(ForwarderMetricNames.MESSAGES_SENT, 1);
                metrics.add(ForwarderMetricNames.BYTES_SENT, message.bodyBytes());
                metrics.add(ForwarderMetricNames.RECORDS_FORWARDED, message.envelope().records().size());
            }
        };
    }
}
