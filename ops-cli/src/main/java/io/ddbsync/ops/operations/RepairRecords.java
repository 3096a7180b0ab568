package io.ddbsync.ops.operations;

import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.forwarder.send.ChangeQueue;
import io.ddbsync.forwarder.send.EntryFailure;
import io.ddbsync.forwarder.send.MessageAttributes;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Corrective change records for the differences a reconcile found, sent through the change queue
 * so the worker's normal, version-guarded path applies them.
 *
 * <p>Missing and stale items get a keys-only {@code fetch} MODIFY (the worker reads the item with
 * a strongly consistent read when it processes the message, and writes a tombstone if it is gone by
 * then); ghosts get a REMOVE. Their version is (now, seq "0") — {@link Versions#backfillAt}'s form —
 * because:
 * <ul>
 *   <li>it beats every stream change of an earlier second, and the content the worker fetches is at
 *       least as new as any of those;</li>
 *   <li>it loses to every real stream change of the same or a later second (real sequence numbers
 *       are ≥ 10^20 &gt; 0), so a change made after the repair is never blocked — a version of
 *       (now, 40 nines) would block later changes of the same second. A stream change of this second
 *       made <em>before</em> the fetch may still be applied after the repair: it writes an image no
 *       newer than the fetched one, and the stream's later records follow in order, so the
 *       document converges to the table;</li>
 *   <li>a document written in the current second is not repaired (its version is greater): such a
 *       document is being updated by the pipeline right now; a second reconcile shows whether it
 *       still differs.</li>
 * </ul>
 * {@code ts} = now also keeps these records out of the worker's end-to-end lag metric (seq "0").
 */
final class RepairRecords {

    private RepairRecords() {
    }

    static List<ChangeRecord> of(List<ReconcileReport.Difference> differences, long nowSeconds) {
        List<ChangeRecord> out = new ArrayList<>();
        for (ReconcileReport.Difference d : differences) {
            if (d.keys() == null) {
                continue; // not a ddbsync id: cannot be addressed by a change record
            }
            out.add(d.kind() == ReconcileReport.Kind.GHOST
                    ? new ChangeRecord(Op.REMOVE, d.keys(), null, Versions.BACKFILL_SEQ, nowSeconds, false, false)
                    : new ChangeRecord(Op.MODIFY, d.keys(), null, Versions.BACKFILL_SEQ, nowSeconds, true, false));
        }
        return out;
    }

    /** Packs the records of {@code table} and enqueues them; returns the number of messages sent. */
    static int send(String table, List<ChangeRecord> records, ChangeQueue queue, int maxMessageBytes) {
        if (records.isEmpty()) {
            return 0;
        }
        int maxBody = Math.max(EnvelopePacker.MIN_MESSAGE_BYTES, maxMessageBytes - MessageAttributes.MAX_BYTES);
        List<PackedMessage> messages = new EnvelopePacker(maxBody).pack(table, records);
        InvocationMetrics metrics = new InvocationMetrics();
        for (List<PackedMessage> request : SendBatches.group(messages, SendBatches.MAX_ENTRIES, SendBatches.MAX_TOTAL_BYTES,
                MessageAttributes.MAX_BYTES)) {
            List<EntryFailure> failures = queue.send(request, metrics, () -> Long.MAX_VALUE);
            if (!failures.isEmpty()) {
                EntryFailure f = failures.get(0);
                throw new OpsException(failures.size() + " repair message(s) could not be enqueued (first: " + f.code() + ": "
                        + f.message() + "); rerun the reconcile with --repair");
            }
        }
        return messages.size();
    }
}
