package io.ddbsync.worker.opensearch;

/**
 * The names around one search index: physical {@code <name>_v1}, search alias {@code <name>}, write alias
 * {@code <name>_write}, and while a reindex runs the reindex alias {@code <name>_reindex} on the new physical index.
 */
public record IndexNames(String search) {

    public static final int FIRST_GENERATION = 1;

    public String write() {
        return search + "_write";
    }

    /** The alias on the index a running reindex fills; present only while one runs (DESIGN.md "Index layout"). */
    public String reindex() {
        return search + "_reindex";
    }

    public String physical(int generation) {
        return search + "_v" + generation;
    }

    public String template() {
        return "ddbsync-" + search;
    }
}
