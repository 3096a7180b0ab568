package io.ddbsync.ops.operations;

import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.ChangeQueueException;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Corrective change records for the differences a reconcile found, sent through the change queue
 * so the worker's normal, version-guarded path applies them.
 *
 * <p>Missing and stale items get a keys-only {@code fetch} MODIFY: the worker reads the item with a
 * strongly consistent read when it processes the message, and dates that read when it makes it. An item missing at that read is not a
 * delete on its own account — the REMOVE record (user or TTL) decides — so repair never turns an
 * item it could not read into a tombstone. Ghosts (live documents whose item is gone) get a REMOVE;
 * under TTL_DELETES=keep the reconcile does not report a document whose item TTL removed as a ghost
 * (see {@link Reconciler}), so those documents are kept.
 *
 * <p>Ghost removals carry the version of a read at the reconcile's start on the table's clock,
 * {@link Versions#ofRead}: by the version rule ({@link Versions#decide}) the removal wins over every change
 * older than {@value Versions#READ_WINDOW_SECONDS} s before that read, and every later change wins over it,
 * so no later change of the table is ever blocked. A document the pipeline wrote within that window is not
 * removed: it is being updated right now; a second reconcile shows whether it still differs.
 * Seq "0" also keeps these records out of the worker's end-to-end lag metric.
 */
public final class RepairRecords {

    private RepairRecords() {
    }

    /** @param readTime when the reconcile began reading the table and the index */
    public static List<ChangeRecord> of(List<ReconcileReport.Difference> differences, Instant readTime) {
        long ts = Versions.readSeconds(readTime);
        String seq = Versions.readSequenceNumber(readTime);
        List<ChangeRecord> out = new ArrayList<>();
        for (ReconcileReport.Difference d : differences) {
            if (d.keys() == null || d.kind() == ReconcileReport.Kind.CHANGING) {
                continue; // not a ddbsync id: cannot be addressed by a change record; or the pipeline has a newer change to apply
            }
            out.add(d.kind() == ReconcileReport.Kind.GHOST
                    ? new ChangeRecord(Op.REMOVE, d.keys(), null, seq, ts, false, false)
                    : new ChangeRecord(Op.MODIFY, d.keys(), null, seq, ts, true, false));
        }
        return out;
    }

    /** What {@link #sendLasting} enqueued. */
    public record Sent(long records, long messages) {
    }

    /** Records per packing and sending round of {@link #sendLasting}: bounds what is held at once. */
    static final int SEND_CHUNK = 1_000;

    /**
     * The repair records of the report's lasting differences (not {@link ReconcileReport.Kind#CHANGING}, not foreign
     * ids), packed and enqueued {@value #SEND_CHUNK} at a time.
     *
     * @param readTime when the reconcile began reading, on the table's clock
     * @throws OpsException when the queue refuses them
     */
    public static Sent sendLasting(String table, ReconcileReport report, Instant readTime, ChangeQueue queue, int maxMessageBytes,
                            io.ddbsync.model.wire.Compression compression) {
        long[] counts = new long[2];
        report.forEachBatch(SEND_CHUNK, chunk -> {
            List<ChangeRecord> records = of(chunk, readTime);
            counts[0] += records.size();
            counts[1] += send(table, records, queue, maxMessageBytes, compression);
        });
        return new Sent(counts[0], counts[1]);
    }

    /** {@link #send(String, List, ChangeQueue, int, io.ddbsync.model.wire.Compression)} with the default compression (gzip). */
    public static int send(String table, List<ChangeRecord> records, ChangeQueue queue, int maxMessageBytes) {
        return send(table, records, queue, maxMessageBytes, io.ddbsync.model.wire.Compression.DEFAULT);
    }

    /** Packs the records of {@code table} and enqueues them; returns the number of messages sent. */
    public static int send(String table, List<ChangeRecord> records, ChangeQueue queue, int maxMessageBytes,
                    io.ddbsync.model.wire.Compression compression) {
        if (records.isEmpty()) {
            return 0;
        }
        int maxBody = ForwarderConfig.maxBodyBytes(maxMessageBytes);
        List<PackedMessage> messages = new EnvelopePacker(maxBody, compression).pack(table, records);
        try {
            queue.sendAll(messages);
        } catch (ChangeQueueException e) {
            throw new OpsException("repair of table " + table + ": " + e.getMessage() + "; rerun the reconcile with --repair", e);
        }
        return messages.size();
    }
}
