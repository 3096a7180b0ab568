package io.ddbsync.model.pack;

import java.util.List;

/** Groups messages, in order, into SendMessageBatch requests within SQS's limits. */
public final class SendBatches {

    public static final int MAX_ENTRIES = 10;
    public static final int MAX_TOTAL_BYTES = 1_048_576;

    private SendBatches() {
    }

    /** Consecutive groups of at most {@code maxEntries} messages whose bodies (plus {@code perMessageOverhead}) sum to at most {@code maxTotalBytes}. */
    public static List<List<PackedMessage>> group(List<PackedMessage> messages, int maxEntries, int maxTotalBytes,
                                                  int perMessageOverhead) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}
