package io.ddbsync.model.pack;

import java.util.ArrayList;
import java.util.List;

/** Groups messages, in order, into SendMessageBatch requests within SQS's limits. */
public final class SendBatches {

    public static final int MAX_ENTRIES = 10;
    public static final int MAX_TOTAL_BYTES = 1_048_576;

    private SendBatches() {
    }

    /** {@link #group(List, int, int, int)} with SQS's limits (10 entries, 1 MiB) and no per-message overhead. */
    public static List<List<PackedMessage>> group(List<PackedMessage> messages) {
        return group(messages, MAX_ENTRIES, MAX_TOTAL_BYTES, 0);
    }

    /** Consecutive groups of at most {@code maxEntries} messages whose bodies (plus {@code perMessageOverhead}) sum to at most {@code maxTotalBytes}. */
    public static List<List<PackedMessage>> group(List<PackedMessage> messages, int maxEntries, int maxTotalBytes,
                                                  int perMessageOverhead) {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES) {
            throw new IllegalArgumentException("maxEntries must be in 1.." + MAX_ENTRIES + ", got " + maxEntries);
        }
        if (maxTotalBytes < 1 || maxTotalBytes > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("maxTotalBytes must be in 1.." + MAX_TOTAL_BYTES + ", got " + maxTotalBytes);
        }
        if (perMessageOverhead < 0) {
            throw new IllegalArgumentException("perMessageOverhead must not be negative, got " + perMessageOverhead);
        }
        List<List<PackedMessage>> groups = new ArrayList<>();
        List<PackedMessage> current = new ArrayList<>();
        long total = 0;
        for (PackedMessage m : messages) {
            long size = (long) m.bodyBytes() + perMessageOverhead;
            if (size > maxTotalBytes) {
                throw new IllegalArgumentException("message " + m.envelope().id() + " (seq " + m.firstSequenceNumber() + ".." + m.lastSequenceNumber()
                        + ") takes " + size + " bytes, more than a batch's " + maxTotalBytes);
            }
            if (!current.isEmpty() && (current.size() == maxEntries || total + size > maxTotalBytes)) {
                groups.add(List.copyOf(current));
                current = new ArrayList<>();
                total = 0;
            }
            current.add(m);
            total += size;
        }
        if (!current.isEmpty()) {
            groups.add(List.copyOf(current));
        }
        return groups;
    }
}
