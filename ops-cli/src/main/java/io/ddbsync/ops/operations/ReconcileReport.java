package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a reconcile found. Thread-safe: the scan segments add to it concurrently.
 * Every difference keeps its key (for repair); {@link #samples} keeps the first few for display.
 */
public final class ReconcileReport {

    public enum Kind {
        /** The item is in the table but not in the index (no document, or a tombstone). */
        MISSING,
        /** The document's content differs from the item's. */
        STALE,
        /** A live document whose item is no longer in the table. */
        GHOST,
        /** Differed in both passes of a settled reconcile, but the item changed between them: a change in flight, not drift. */
        CHANGING
    }

    /** What {@link #observed} says of an item that is not in the table. */
    static final String ABSENT = "";

    /** One difference. */
    public record Difference(Kind kind, String documentId, ObjectNode keys, String detail) {
    }

    private final int sampleSize;
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private final List<Difference> differences = Collections.synchronizedList(new ArrayList<>());
    private final java.util.Map<String, String> observed = new java.util.concurrent.ConcurrentHashMap<>();

    public ReconcileReport(int sampleSize) {
        this.sampleSize = sampleSize;
    }

    int sampleSize() {
        return sampleSize;
    }

    /** Remembers the item (its DynamoDB JSON, or {@link #ABSENT}) a difference of this document was found against. */
    void observe(String documentId, String item) {
        observed.put(documentId, item);
    }

    String observed(String documentId) {
        return observed.get(documentId);
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

    /** Documents whose item TTL removed, kept on purpose under TTL_DELETES=keep (not differences). */
    public long kept() {
        return kept.get();
    }

    void add(Difference d) {
        differences.add(d);
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
        synchronized (differences) {
            return differences.stream().filter(d -> d.kind() == kind).count();
        }
    }

    public List<Difference> all() {
        synchronized (differences) {
            return List.copyOf(differences);
        }
    }

    public List<Difference> samples(Kind kind) {
        synchronized (differences) {
            return differences.stream().filter(d -> d.kind() == kind).limit(sampleSize).toList();
        }
    }

    /** No difference that lasts ({@link Kind#CHANGING} items are in flight, not drift). */
    public boolean clean() {
        synchronized (differences) {
            return differences.stream().allMatch(d -> d.kind() == Kind.CHANGING);
        }
    }
}
