package io.ddbsync.backfill;

import io.ddbsync.model.backfill.BackfillWorkItem;

/** Told about each page a work item's invocation sent to the change queue (tests and the fault suite; metrics). */
@FunctionalInterface
public interface PageObserver {

    PageObserver NONE = (item, page, items) -> { };

    /**
     * @param item  the work item being scanned
     * @param page  1 for the invocation's first page
     * @param items the page's items, now on the change queue
     */
    void pageSent(BackfillWorkItem item, int page, int items);
}
