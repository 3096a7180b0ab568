package io.ddbsync.aws.search;

/**
 * A document's version for optimistic concurrency control, as a read returned it ({@code _seq_no},
 * {@code _primary_term}): a write conditioned on it is refused with 409 when the document changed since.
 *
 * @param seqNo       {@code _seq_no}, >= 0
 * @param primaryTerm {@code _primary_term}, >= 0
 */
public record SeqNoPrimaryTerm(long seqNo, long primaryTerm) {

    public SeqNoPrimaryTerm {
        if (seqNo < 0 || primaryTerm < 0) {
            throw new IllegalArgumentException("_seq_no and _primary_term must be >= 0, got " + seqNo + "/" + primaryTerm);
        }
    }
}
