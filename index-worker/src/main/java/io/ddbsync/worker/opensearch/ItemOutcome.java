package io.ddbsync.worker.opensearch;

/** What became of one bulk item. */
public sealed interface ItemOutcome {

    /**
     * Written: the incoming version was newer.
     *
     * @param quarantinedFields the paths written into the metadata's quarantine instead of the document because the
     *                          mapping refused them ({@link FieldQuarantine}); empty for none
     */
    record Applied(boolean tombstone, java.util.List<String> quarantinedFields) implements ItemOutcome {

        public Applied {
            quarantinedFields = java.util.List.copyOf(quarantinedFields);
        }

        /** Written as converted, nothing quarantined. */
        public Applied(boolean tombstone) {
            this(tombstone, java.util.List.of());
        }
    }

    /** The version guard made it a noop: an equal or newer version is already indexed. Success. */
    record Stale() implements ItemOutcome {
    }

    /**
     * Not written: the stored document is an image read from the table within
     * {@link io.ddbsync.model.version.Versions#READ_WINDOW_SECONDS} of this stream change, so which is newer is
     * unknown ({@link io.ddbsync.model.version.Versions.Decision#REREAD}). The caller reads the item again and
     * writes that read instead.
     */
    record Reread() implements ItemOutcome {
    }

    /** OpenSearch refused the item for good (mapping conflict, bad field, …). */
    record Rejected(int status, String type, String reason) implements ItemOutcome {
    }

    /** Still throttled / unavailable when the time budget ran out; the message must be retried. */
    record Exhausted(String reason) implements ItemOutcome {
    }

    default boolean success() {
        return this instanceof Applied || this instanceof Stale;
    }
}
