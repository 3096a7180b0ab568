package io.ddbsync.backfill;

/** How one work item's invocation ended (each a success for the backfill queue: the message is deleted). */
public enum SegmentOutcome {
    /** The segment was scanned to its end; the segment's progress says DONE. */
    DONE,
    /** Time ran short: the continuation (segment, LastEvaluatedKey) is on the backfill queue. */
    CONTINUED,
    /** The run's cancel mark was set: the work item is dropped, not continued. */
    CANCELLED,
    /** The segment already went past this work item (a redelivered older item, or the segment is done): dropped. */
    STALE
}
