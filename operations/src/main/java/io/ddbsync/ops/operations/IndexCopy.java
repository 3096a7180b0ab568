package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.opensearch.DocumentWrite;
import io.ddbsync.worker.opensearch.FieldQuarantine;
import io.ddbsync.worker.opensearch.ItemOutcome;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Copies documents from one index into another, as they are — content and metadata, version included, fields the
 * old index quarantined put back into the content ({@link FieldQuarantine#restore}) — through
 * the worker's version-guarded writer ({@link VersionedBulkWriter}), a page of {@link IndexWalk} at a time: a
 * document the target already holds at a newer version stays, so a copy never rolls a document back and can run
 * while the worker writes. Where the version rule cannot order the copy against what the target holds
 * ({@link ItemOutcome.Reread}), a keys-only fetch record goes through the change queue instead and the worker reads
 * the item. Used by reindex (tombstones and kept documents of the old index into the new one) and its rollback
 * (documents written to the new index after the swap back into the old one).
 */
final class IndexCopy {

    /** What a copy did. */
    record Result(long copied, long unchanged, long refetched, long failed) {
    }

    /** Which documents of a page to copy (e.g. only those whose item is gone). */
    interface PageFilter {
        List<JsonNode> select(List<JsonNode> hits);
    }

    private static final MetricsSink NO_METRICS = new MetricsSink() {
        @Override
        public void record(String name, double value, MetricsSink.Unit unit) {
        }

        @Override
        public void flush() {
        }
    };

    private final SearchTarget search;
    private final String metadataField;
    private final Reindexer.RepairSender repairs;
    private final VersionedBulkWriter writer;
    private final Clock clock;

    IndexCopy(SearchTarget search, String metadataField, Reindexer.RepairSender repairs, Clock clock) {
        this.search = search;
        this.metadataField = metadataField;
        this.repairs = repairs;
        this.writer = new VersionedBulkWriter(search, metadataField, VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES, NO_METRICS, clock);
        this.clock = clock;
    }

    /**
     * @param from     the index (or alias) to read
     * @param query    which of its documents
     * @param toAlias  the alias to write through (a create needs an alias)
     * @param table    the table whose documents are copied (others are left)
     * @param filter   which documents of each page to copy
     * @param page     documents per page
     */
    Result copy(String from, ObjectNode query, String toAlias, String table, PageFilter filter, int page) {
        long[] n = new long[4];
        new IndexWalk(search).walk(from, query, List.of(), page, hits -> {
            List<JsonNode> ours = new ArrayList<>();
            for (JsonNode hit : hits) {
                JsonNode meta = hit.path("_source").path(metadataField);
                if (meta.path("version").isTextual() && table.equals(meta.path("table").asText(table))) {
                    ours.add(hit);
                }
            }
            List<JsonNode> chosen = ours.isEmpty() ? ours : filter.select(ours);
            if (chosen.isEmpty()) {
                return;
            }
            List<DocumentWrite> writes = new ArrayList<>(chosen.size());
            for (JsonNode hit : chosen) {
                writes.add(write(hit, toAlias, table));
            }
            List<ItemOutcome> outcomes = writer.write(writes, TimeBudget.unlimited());
            List<ChangeRecord> refetch = new ArrayList<>();
            long readTs = Versions.readSeconds(clock.instant());
            for (int i = 0; i < outcomes.size(); i++) {
                ItemOutcome o = outcomes.get(i);
                if (o instanceof ItemOutcome.Applied) {
                    n[0]++;
                } else if (o instanceof ItemOutcome.Stale) {
                    n[1]++;
                } else if (o instanceof ItemOutcome.Reread) {
                    keysOf(chosen.get(i)).ifPresent(keys -> refetch.add(new ChangeRecord(Op.MODIFY, keys, null,
                            Versions.BACKFILL_SEQ, readTs, true, false)));
                } else {
                    n[3]++;
                }
            }
            if (!refetch.isEmpty()) {
                repairs.send(table, refetch);
                n[2] += refetch.size();
            }
        });
        return new Result(n[0], n[1], n[2], n[3]);
    }

    private DocumentWrite write(JsonNode hit, String toAlias, String table) {
        ObjectNode source = (ObjectNode) hit.path("_source");
        JsonNode meta = source.path(metadataField);
        ObjectNode content = null;
        if (!meta.path("deleted").asBoolean(false)) {
            // quarantined fields go back into the document: the target's mapping indexes them or quarantines them again
            content = FieldQuarantine.restore(source, metadataField);
        }
        return new DocumentWrite(toAlias, hit.path("_id").asText(), meta.path("version").asText(), content, table,
                meta.path("key").isObject() ? (ObjectNode) meta.path("key") : null, meta.path("ttl").asBoolean(false), "0", 0);
    }

    private java.util.Optional<ObjectNode> keysOf(JsonNode hit) {
        JsonNode key = hit.path("_source").path(metadataField).path("key");
        return key.isObject() ? java.util.Optional.of((ObjectNode) key) : DocumentIdKeys.parse(hit.path("_id").asText());
    }

    /** A filter that copies every document. */
    static PageFilter all() {
        return hits -> hits;
    }

    /** A filter that keeps the hits a predicate accepts. */
    static PageFilter where(Predicate<JsonNode> keep) {
        return hits -> hits.stream().filter(keep).toList();
    }
}
