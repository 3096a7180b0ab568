package io.ddbsync.worker.internal.process;

import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.opensearch.WriteTargets;
import java.util.Objects;

/**
 * How the worker writes to its indexes, all over one search target.
 *
 * @param bootstrap creates a table's index and alias on first use
 * @param writer    the version-guarded {@code _bulk} writer
 * @param targets   where each write goes (the write alias, and the new index while a reindex runs)
 */
public record IndexWriting(IndexBootstrap bootstrap, VersionedBulkWriter writer, WriteTargets targets) {

    public IndexWriting {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(targets, "targets");
    }
}
