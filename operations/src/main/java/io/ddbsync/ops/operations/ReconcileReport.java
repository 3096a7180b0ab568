package io.ddbsync.ops.operations;

import java.io.PrintWriter;
import java.util.Locale;
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

    /**
     * A document that matches its item with some of its fields quarantined by the worker (in {@code _source}, not
     * indexed).
     *
     * @param fields the quarantined paths (names only)
     */
    public record Quarantined(String documentId, List<String> fields) {

        public Quarantined {
            fields = List.copyOf(fields);
        }
    }

    private final int sampleSize;
    private final AtomicLong quarantined = new AtomicLong();
    private final List<Quarantined> quarantinedSamples = new ArrayList<>();
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

    /**
     * Items, documents, kept and quarantined documents as another report counted them (a settle round keeps the first
     * pass's).
     */
    void countsOf(ReconcileReport other) {
        items.set(other.items());
        documents.set(other.documents());
        kept.set(other.kept());
        quarantined.set(other.quarantined());
        synchronized (quarantinedSamples) {
            quarantinedSamples.clear();
            quarantinedSamples.addAll(other.quarantinedSamples());
        }
    }

    void addQuarantined(Quarantined q) {
        quarantined.incrementAndGet();
        synchronized (quarantinedSamples) {
            if (quarantinedSamples.size() < sampleSize) {
                quarantinedSamples.add(q);
            }
        }
    }

    /** Documents that match their items with fields quarantined (not differences). */
    public long quarantined() {
        return quarantined.get();
    }

    /** The first quarantined documents found, with their quarantined fields. */
    public List<Quarantined> quarantinedSamples() {
        synchronized (quarantinedSamples) {
            return List.copyOf(quarantinedSamples);
        }
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

    /**
     * The report as the operator reads it: counts, samples of each kind, and whether the index matches the table.
     *
     * @param alias the index compared, as named in the first line
     */
    public void print(PrintWriter out, String alias) {
        ReconcileReport report = this;
        out.println("Table " + report.items() + " item(s), index " + alias + " " + report.documents() + " live document(s).");
        out.printf("missing %d   stale %d   ghosts %d%n", report.count(ReconcileReport.Kind.MISSING),
                report.count(ReconcileReport.Kind.STALE), report.count(ReconcileReport.Kind.GHOST));
        if (report.count(ReconcileReport.Kind.CHANGING) > 0) {
            out.println("changing " + report.count(ReconcileReport.Kind.CHANGING) + " (still differing, but the pipeline applied "
                    + "changes to them during the settle time: keys changing faster than it settles; not repaired; run again later)");
        }
        if (report.kept() > 0) {
            out.println("kept " + report.kept() + " document(s) of items TTL removed (--ttl-deletes keep): not ghosts, never removed");
        }
        if (report.quarantined() > 0) {
            out.println("quarantined " + report.quarantined() + " document(s): fields the mapping refused, kept in _source but "
                    + "not searchable (a template that fits them + reindex indexes them again; OPERATIONS.md):");
            report.quarantinedSamples().forEach(q -> out.println("  " + q.documentId() + "  fields: " + String.join(", ", q.fields())));
        }
        for (ReconcileReport.Kind kind : ReconcileReport.Kind.values()) {
            List<ReconcileReport.Difference> samples = report.samples(kind);
            if (!samples.isEmpty()) {
                out.println(kind.name().toLowerCase(Locale.ROOT) + " (first " + samples.size() + "):");
                samples.forEach(d -> out.println("  " + d.documentId() + "  " + d.detail()));
            }
        }
        out.println(report.lasting() > 0 ? "The index differs from the table."
                : report.clean() ? "The index matches the table."
                : "No lasting difference, but some keys kept changing while checked: not verified; run it again later.");
    }
}
