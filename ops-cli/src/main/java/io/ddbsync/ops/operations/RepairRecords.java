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
 * strongly consistent read when it processes the message. An item missing at that read is not a
 * delete on its own account — the REMOVE record (user or TTL) decides — so repair never turns an
 * item it could not read into a tombstone. Ghosts (live documents whose item is gone) get a REMOVE;
 * under TTL_DELETES=keep the reconcile does not report a document whose item TTL removed as a ghost
 * (see {@link Reconciler}), so those documents are kept.
 *
 * <p>Their version is that of an image read from the table at the reconcile's start,
 * {@link Versions#ofRead} = (start − {@value Versions#BACKFILL_SKEW_SECONDS} s, seq "0"), the rule
 * backfill and the worker's reads follow:
 * <ul>
 *   <li>every stream change made after the reconcile began (allowing for clock skew) wins over the
 *       repair, so no later change of the table is ever blocked; a fetch reads the item after that
 *       point anyway;</li>
 *   <li>the repair wins over every change older than the margin — the stale or lost ones it is
 *       there to correct;</li>
 *   <li>a document the pipeline wrote in the last {@value Versions#BACKFILL_SKEW_SECONDS} s is not
 *       repaired (its version is greater): it is being updated right now; a second reconcile shows
 *       whether it still differs.</li>
 * </ul>
 * Seq "0" also keeps these records out of the worker's end-to-end lag metric.
 */
final class RepairRecords {

    private RepairRecords() {
    }

    /** @param readTime when the reconcile began reading the table and the index */
    static List<ChangeRecord> of(List<ReconcileReport.Difference> differences, Instant readTime) {
        long ts = Versions.readSeconds(readTime);
        List<ChangeRecord> out = new ArrayList<>();
        for (ReconcileReport.Difference d : differences) {
            if (d.keys() == null || d.kind() == ReconcileReport.Kind.CHANGING) {
                continue; // not a ddbsync id: cannot be addressed by a change record; or the pipeline has a newer change to apply
            }
            out.add(d.kind() == ReconcileReport.Kind.GHOST
                    ? new ChangeRecord(Op.REMOVE, d.keys(), null, Versions.BACKFILL_SEQ, ts, false, false)
                    : new ChangeRecord(Op.MODIFY, d.keys(), null, Versions.BACKFILL_SEQ, ts, true, false));
        }
        return out;
    }

    /** {@link #send(String, List, ChangeQueue, int, io.ddbsync.model.wire.Compression)} with the default compression (gzip). */
    static int send(String table, List<ChangeRecord> records, ChangeQueue queue, int maxMessageBytes) {
        return send(table, records, queue, maxMessageBytes, io.ddbsync.model.wire.Compression.DEFAULT);
    }

    /** Packs the records of {@code table} and enqueues them; returns the number of messages sent. */
    static int send(String table, List<ChangeRecord> records, ChangeQueue queue, int maxMessageBytes,
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
