package io.ddbsync.worker.internal.process;

import io.ddbsync.model.id.DocumentId;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps, per document, only the change with the greatest version (one bulk item per document). */
public final class RecordCollapser {

    /** A change with its document id and version. */
    public record Keyed(DocumentId id, String version, ChangeRecord record) {
    }

    private RecordCollapser() {
    }

    public static List<Keyed> collapse(List<ChangeRecord> records) {
        Map<String, Keyed> newest = new LinkedHashMap<>();
        for (ChangeRecord r : records) {
            DocumentId id = DocumentIds.of(r.keys());
            Keyed k = new Keyed(id, Versions.of(r), r);
            newest.merge(id.value(), k, (a, b) -> b.version().compareTo(a.version()) > 0 ? b : a);
        }
        return new ArrayList<>(newest.values());
    }
}
