package io.ddbsync.worker;

import io.ddbsync.worker.support.Fixture;

/** Lets an index's {@code index.gc_deletes} (1 s in the test template) pass, so only a tombstone can remember a delete. */
final class OpenSearchSettle {

    private OpenSearchSettle() {
    }

    static void pastGcDeletes(Fixture f) throws InterruptedException {
        f.searchIndex().refresh();
        Thread.sleep(1_500);
        f.searchIndex().refresh();
    }
}
