package io.ddbsync.ops.operations;

import io.ddbsync.aws.search.FailureNotes;
import io.ddbsync.aws.search.FailureNotesException;
import io.ddbsync.aws.search.SearchTarget;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;

/** Reads the worker's failure notes ({@link FailureNotes#INDEX}) for a set of note ids with one {@code _mget}. */
public final class FailureNoteReader {

    private final FailureNotes notes;

    public FailureNoteReader(SearchTarget search) {
        this.notes = new FailureNotes(search, Clock.systemUTC());
    }

    /** note id → reason; ids without a note are absent. */
    public Map<String, String> reasons(Collection<String> noteIds) {
        try {
            return notes.reasons(noteIds);
        } catch (FailureNotesException e) {
            throw new OpsException(e.getMessage(), e);
        }
    }

    /** note id → note (reason, and the first failed record's key and sequence number when noted). */
    public Map<String, FailureNotes.Note> notes(Collection<String> noteIds) {
        try {
            return notes.notes(noteIds);
        } catch (FailureNotesException e) {
            throw new OpsException(e.getMessage(), e);
        }
    }
}
