package io.ddbsync.ops.backfill;

/** Progress of a backfill; called from the scanning threads. */
public interface BackfillListener {

    /** Known before the first page: items the table reports (an estimate) and items already done by an earlier run. */
    default void started(long estimatedItems, long alreadyDone, int segmentsLeft) {
    }

    /** Called before a page of {@code items} is sent; throwing stops the backfill (the checkpoint keeps the position). */
    default void beforeSend(int segment, int items) {
    }

    /** A page was sent and checkpointed. */
    default void sent(int segment, int items, int messages) {
    }

    default void segmentDone(int segment) {
    }

    BackfillListener NONE = new BackfillListener() {
    };
}
