package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What a reconcile found: counts per kind, the first few differences of each kind for display, and every
 * difference in a {@link DifferenceSpool} on disk (for the settle rounds and for repair), so memory stays
 * bounded whatever the number of differences. Thread-safe: the scan segments add to it concurrently.
 * {@link #close} deletes the spool.
 */
public final class ReconcileReport implements AutoCloseable {

    public enum Kind {
        /** The item is in the table but not in the index (no document, or a tombstone). */
        MISSING,
        /** The document's content differs from the item's. */
        STALE,
        /** A live document whose item is no longer in the table. */
        GHOST,
        /**
         * Still differed after the settle time, but the document changed meanwhile: the pipeline is applying
         * changes to it as fast as the item changes (a hot key), not drift. Not repaired; its own exit code.
         */
        CHANGING
    }

    /**
     * One difference.
     *
     * @param keys       the item's key (DynamoDB JSON); null for a document whose id is not a key of the table
     * @param item       the item's {@link ItemFingerprint} when compared ({@link ItemFingerprint#ABSENT} for a gone item)
     * @param docVersion the document's version when compared; null for no document
     */
    public record Difference(Kind kind, String documentId, ObjectNode keys, String detail, String item, String docVersion) {

        /** A difference without what it was compared against (a foreign document id). */
        public Difference(Kind kind, String documentId, ObjectNode keys, String detail) {
            this(kind, documentId, keys, detail, null, null);
        }
    }

    private final int sampleSize;
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
    private final Map<Kind, List<Difference>> samples = new EnumMap<>(Kind.class);
    private final DifferenceSpool spool = DifferenceSpool.create();

    public ReconcileReport(int sampleSize) {
        this.sampleSize = sampleSize;
        for (Kind k : Kind.values()) {
            counts.put(k, new AtomicLong());
            samples.put(k, new ArrayList<>());
        }
    }

    int sampleSize() {
        return sampleSize;
    }

    void countItems(long n) {
        items.addAndGet(n);
    }

    void countDocuments(long n) {
        documents.addAndGet(n);
    }

    void countKept() {
        kept.incrementAndGet();
    }

    /** Items, documents and kept documents as another report counted them (a settle round keeps the first pass's). */
    void countsOf(ReconcileReport other) {
        items.set(other.items());
        documents.set(other.documents());
        kept.set(other.kept());
    }

    /** Documents whose item TTL removed, kept on purpose under TTL_DELETES=keep (not differences). */
    public long kept() {
        return kept.get();
    }

    void add(Difference d) {
        counts.get(d.kind()).incrementAndGet();
        List<Difference> s = samples.get(d.kind());
        synchronized (s) {
            if (s.size() < sampleSize) {
                s.add(d);
            }
        }
        spool.add(d);
    }

    /** Items scanned in the table. */
    public long items() {
        return items.get();
    }

    /** Live documents walked in the search alias. */
    public long documents() {
        return documents.get();
    }

    public long count(Kind kind) {
        return counts.get(kind).get();
    }

    /** Missing, stale and ghost documents: differences that last. */
    public long lasting() {
        return count(Kind.MISSING) + count(Kind.STALE) + count(Kind.GHOST);
    }

    /** Differences of every kind, changing ones included. */
    public long differences() {
        return lasting() + count(Kind.CHANGING);
    }

    /** No difference at all. */
    public boolean clean() {
        return differences() == 0;
    }

    public List<Difference> samples(Kind kind) {
        List<Difference> s = samples.get(kind);
        synchronized (s) {
            return List.copyOf(s);
        }
    }

    /** Every difference, at most {@code batchSize} at a time, in the order found. Call once adding is done. */
    void forEachBatch(int batchSize, Consumer<List<Difference>> batch) {
        spool.forEachBatch(batchSize, batch);
    }

    @Override
    public void close() {
        spool.close();
    }
}
