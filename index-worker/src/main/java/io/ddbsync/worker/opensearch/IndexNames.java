package io.ddbsync.worker.opensearch;

/** The names around one search index: physical {@code <name>_v1}, search alias {@code <name>}, write alias {@code <name>_write}. */
public record IndexNames(String search) {

    public static final int FIRST_GENERATION = 1;

    public String write() {
        return search + "_write";
    }

    public String physical(int generation) {
        return search + "_v" + generation;
    }

    public String template() {
        return "ddbsync-" + search;
    }
}
