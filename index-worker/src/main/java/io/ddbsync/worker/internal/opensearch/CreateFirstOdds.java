package io.ddbsync.worker.internal.opensearch;

/**
 * Whether a read version's write (a backfill item, a reconcile repair) is worth sending as {@code create} without
 * reading the stored version first ({@code CREATE_FIRST_READS}): it is while most such creates succeed — a backfill
 * into a new or emptied index — and not while most answer 409 because the documents exist (a backfill over a full
 * index), where the failed create is a wasted item on top of the read it falls back to. Kept per process as a moving
 * rate of the 409s among these creates (each observation weighs {@value #WEIGHT}); above {@value #MAX_CONFLICT_RATE}
 * the writes read first, and one call in {@value #PROBE_EVERY} still tries create-first, so the rate can come down
 * again. Thread-safe.
 */
public final class CreateFirstOdds {

    static final double WEIGHT = 0.3;
    static final double MAX_CONFLICT_RATE = 0.5;
    static final int PROBE_EVERY = 16;

    private double conflictRate;
    private long calls;

    /** Whether this call's read versions go out as create first. */
    public synchronized boolean createFirst() {
        calls++;
        return conflictRate <= MAX_CONFLICT_RATE || calls % PROBE_EVERY == 0;
    }

    /**
     * What one call's read-version creates met.
     *
     * @param sent      read-version writes sent as create without a read
     * @param conflicts of those, the ones refused (the document existed)
     */
    public synchronized void observe(int sent, int conflicts) {
        if (sent > 0) {
            conflictRate = (1 - WEIGHT) * conflictRate + WEIGHT * conflicts / (double) sent;
        }
    }

    /** The current moving rate of refused read-version creates, 0..1. */
    public synchronized double conflictRate() {
        return conflictRate;
    }
}
