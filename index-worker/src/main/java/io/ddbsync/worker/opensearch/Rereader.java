package io.ddbsync.worker.opensearch;

import java.util.List;

/**
 * Reads items again for {@link VersionedBulkWriter} when the version rule cannot order a write against what the
 * index holds ({@code Versions.Decision.REREAD}). The writer calls it after it has read the stored versions; what it
 * returns was read after that, so the writer applies it over exactly what it read (conditioned on its
 * {@code _seq_no}): the read is the newer of the two, whatever the clocks say. A concurrent write makes the condition
 * fail, and the next round decides again.
 */
public interface Rereader {

    /** What reading one write's item again gave. */
    sealed interface Result {
        /** A write of what was read (a read version, or the item's last state under TTL_DELETES=keep). */
        record Write(DocumentWrite write) implements Result {
        }

        /** Nothing to write: the item is gone and only its own removal may say what its document becomes. */
        record Nothing() implements Result {
        }

        /** What was read cannot be written (e.g. not convertible): the record fails with this reason. */
        record Failed(String reason) implements Result {
        }
    }

    /**
     * @param writes the writes to replace (their {@code index} is the target the replacement goes to)
     * @return one result per write, in order
     * @throws RuntimeException (e.g. the item fetcher's) when the table cannot be read: the writes fail with it
     */
    List<Result> reread(List<DocumentWrite> writes);

    /** No re-reads: the writer reports {@link ItemOutcome.Reread} and the caller decides. */
    Rereader NONE = null;
}
