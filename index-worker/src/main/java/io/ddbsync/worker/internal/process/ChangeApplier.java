package io.ddbsync.worker.internal.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.internal.dynamodb.ItemFetchException;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.opensearch.DocumentWrite;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.worker.opensearch.ItemOutcome;
import io.ddbsync.aws.search.SearchTransportException;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.opensearch.WriteTargets;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Applies the changes of one envelope to its table's index: drop TTL removals kept by
 * configuration, collapse to one change per document, then slice by slice resolve the images
 * ({@link ImageSource}), convert them, write them ({@link VersionedBulkWriter}) and count the outcomes (fields the
 * writer quarantined too, {@link WorkerMetricNames#QUARANTINED_FIELDS}).
 * Every write goes to each target {@link WriteTargets} names (the write alias, and the new index while
 * a reindex runs), each with its own version guard; a record failed in any target fails.
 * Throws {@link MessageFailedException} when any record failed, naming the first reason.
 */
final class ChangeApplier {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);

    private final IndexBootstrap bootstrap;
    private final VersionedBulkWriter writer;
    private final WriteTargets targets;
    private final ImageSource images;
    private final Function<String, DocumentConverter> converterForTable;
    private final Function<String, String> indexForTable;
    private final Function<String, WorkerConfig.TtlDeletes> ttlDeletes;
    private final MetricsSink metrics;
    private final Clock clock;

    /** Each table's index, converter and TTL policy come from {@code config}. */
    ChangeApplier(IndexWriting writing, ImageSource images, WorkerConfig config, MetricsSink metrics, Clock clock) {
        this.bootstrap = writing.bootstrap();
        this.writer = writing.writer();
        this.targets = writing.targets();
        this.images = images;
        this.converterForTable = config::converterFor;
        this.indexForTable = config::indexFor;
        this.ttlDeletes = config::ttlDeletesFor;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Per-message counts, published once the message is done. */
    private static final class Tally {
        long upserted;
        long deleted;
        long stale;
        long failed;
        long missing;
        long reread;
        long quarantinedFields;
        long maxLag = -1;
        String firstFailure;
        String firstFailedKey;
        String firstFailedSequenceNumber;

        /** A failed record; the first one, named by its key and sequence number, becomes the message's reason. */
        void fail(RecordCollapser.Keyed k, String reason) {
            failed++;
            if (firstFailure == null) {
                firstFailedKey = k.record().keys().toString();
                firstFailedSequenceNumber = k.record().sequenceNumber();
                firstFailure = "key " + firstFailedKey + ", sequence number " + firstFailedSequenceNumber + ": " + reason;
            }
        }
    }

    void apply(String messageId, ChangeEnvelope envelope, List<ChangeRecord> changes, TimeBudget budget) {
        String table = envelope.table();
        MetricsSink tableMetrics = metrics.forTable(table);
        String index;
        DocumentConverter converter;
        try {
            index = indexForTable.apply(table);
            converter = converterForTable.apply(table);
        } catch (RuntimeException e) {
            tableMetrics.count(WorkerMetricNames.RECORDS_FAILED, changes.size());
            throw new MessageFailedException("no usable index configuration for table " + table + ": " + e.getMessage(), e);
        }
        try {
            bootstrap.ensure(index, budget);
        } catch (RuntimeException e) {
            tableMetrics.count(WorkerMetricNames.RECORDS_FAILED, changes.size());
            throw new MessageFailedException("index " + index + " is not ready: " + e.getMessage(), e);
        }
        List<ChangeRecord> kept = withoutKeptTtlRemovals(table, changes);
        Tally tally = new Tally();
        String writeAlias = new IndexNames(index).write();
        try {
            for (List<RecordCollapser.Keyed> slice : images.slices(RecordCollapser.collapse(kept))) {
                applySlice(messageId, table, index, writeAlias, converter, slice, budget, tally);
            }
        } finally {
            publish(tally, tableMetrics);
        }
        if (tally.failed > 0) {
            throw new MessageFailedException(tally.failed + " record(s) of table " + table + " failed; first: " + tally.firstFailure,
                    tally.firstFailedKey, tally.firstFailedSequenceNumber);
        }
    }

    /**
     * The changes to apply. Under TTL_DELETES=keep a TTL removal does not delete the document: when it carries the item's
     * last state (its old image) it becomes a write of that image at the removal's version — the latest change of the
     * item, so the kept document is exactly its last state whatever was delivered before — marked {@code ttl}; without
     * one it is left out and the document stays as the index last had it.
     */
    private List<ChangeRecord> withoutKeptTtlRemovals(String table, List<ChangeRecord> changes) {
        if (ttlDeletes.apply(table) != WorkerConfig.TtlDeletes.KEEP) {
            return changes;
        }
        List<ChangeRecord> kept = new ArrayList<>(changes.size());
        for (ChangeRecord r : changes) {
            if (!(r.op() == Op.REMOVE && r.ttl())) {
                kept.add(r);
            } else if (r.image() != null) {
                kept.add(new ChangeRecord(Op.MODIFY, r.keys(), r.image(), r.sequenceNumber(), r.ts(), false, true));
            }
        }
        return kept;
    }

    private void applySlice(String messageId, String table, String index, String writeAlias, DocumentConverter converter,
                            List<RecordCollapser.Keyed> slice, TimeBudget budget, Tally tally) {
        int[] missing = new int[1];
        int[] reread = new int[1];
        List<ImageSource.Resolved> resolved;
        try {
            resolved = images.resolve(table, slice, missing, reread);
        } catch (ItemFetchException | IllegalArgumentException e) {
            tally.failed += slice.size();
            throw new MessageFailedException("cannot read items of table " + table + ": " + e.getMessage(), e);
        }
        tally.missing += missing[0];
        tally.reread += reread[0];
        List<DocumentWrite> writes = new ArrayList<>(resolved.size());
        List<RecordCollapser.Keyed> written = new ArrayList<>(resolved.size());
        convert(messageId, table, writeAlias, converter, resolved, writes, written, tally);
        if (writes.isEmpty()) {
            return;
        }
        List<String> aliases = List.of(writeAlias);
        List<ItemOutcome> outcomes;
        try {
            aliases = targets.resolve(index, budget);
            outcomes = merge(writes.size(), aliases, writer.write(fanOut(writes, aliases), budget,
                    rereader(messageId, table, converter, written, tally)));
        } catch (SearchTransportException | IllegalStateException | io.ddbsync.worker.opensearch.IndexBootstrapException e) {
            bootstrap.forget(index);
            targets.forget(index);
            tally.failed += writes.size();
            throw new MessageFailedException("bulk write to " + String.join(" and ", aliases) + " failed: " + e.getMessage(), e);
        }
        count(messageId, table, index, writes, written, outcomes, tally);
    }

    /**
     * Reads the items of writes the version rule could not order ({@link ImageSource#reread}) and converts what it read
     * into their replacements, each to the same target; a conversion failure fails that record (logged).
     */
    private io.ddbsync.worker.opensearch.Rereader rereader(String messageId, String table, DocumentConverter converter,
                                                          List<RecordCollapser.Keyed> written, Tally tally) {
        java.util.Map<String, RecordCollapser.Keyed> byId = new java.util.HashMap<>();
        written.forEach(k -> byId.put(k.id().value(), k));
        boolean tombstoneWhenGone = ttlDeletes.apply(table) == WorkerConfig.TtlDeletes.DELETE;
        return asked -> {
            List<RecordCollapser.Keyed> keyed = new ArrayList<>(asked.size());
            asked.forEach(w -> keyed.add(byId.get(w.id())));
            int[] missing = new int[1];
            List<java.util.Optional<ImageSource.Resolved>> read = images.reread(table, keyed, tombstoneWhenGone, missing);
            tally.missing += missing[0];
            List<io.ddbsync.worker.opensearch.Rereader.Result> out = new ArrayList<>(asked.size());
            for (int n = 0; n < asked.size(); n++) {
                DocumentWrite target = asked.get(n);
                if (read.get(n).isEmpty()) {
                    out.add(new io.ddbsync.worker.opensearch.Rereader.Result.Nothing());
                    continue;
                }
                ImageSource.Resolved res = read.get(n).get();
                try {
                    out.add(new io.ddbsync.worker.opensearch.Rereader.Result.Write(write(table, target.index(), res,
                            res.tombstone() ? null : converter.toDocument(res.image()))));
                } catch (ConversionException e) {
                    out.add(new io.ddbsync.worker.opensearch.Rereader.Result.Failed("cannot convert the item read again: "
                            + e.getMessage()));
                }
            }
            return out;
        };
    }

    /**
     * The document writes of a slice's resolved records ({@code writes}, and the record of each in
     * {@code written}); a record whose item cannot be converted fails on its own and is not written.
     */
    private void convert(String messageId, String table, String writeAlias, DocumentConverter converter,
                         List<ImageSource.Resolved> resolved, List<DocumentWrite> writes,
                         List<RecordCollapser.Keyed> written, Tally tally) {
        for (ImageSource.Resolved res : resolved) {
            RecordCollapser.Keyed k = res.keyed();
            ChangeRecord r = k.record();
            ObjectNode doc = null;
            if (!res.tombstone()) {
                try {
                    doc = converter.toDocument(res.image());
                } catch (ConversionException e) {
                    String reason = "cannot convert item: " + e.getMessage();
                    tally.fail(k, reason);
                    logRecordFailure(messageId, table, k, reason, 0);
                    continue;
                }
            }
            writes.add(write(table, writeAlias, res, doc));
            written.add(k);
        }
    }

    /** The write of a resolved record to {@code index}: its document ({@code doc}, null for a tombstone) at its version. */
    private static DocumentWrite write(String table, String index, ImageSource.Resolved res, ObjectNode doc) {
        RecordCollapser.Keyed k = res.keyed();
        ChangeRecord r = k.record();
        boolean likelyNew = r.op() == Op.INSERT && !res.reread() && !res.tombstone() && !Versions.isReadSequenceNumber(r.sequenceNumber());
        return new DocumentWrite(index, k.id().value(), res.version(), doc, table, k.id().hashed() ? r.keys() : null,
                res.tombstone() && r.ttl(), res.reread() ? "0" : r.sequenceNumber(), r.ts(), likelyNew);
    }

    /** The writes once per target alias, the first target's first (they are all for {@code writes.get(0).index()}). */
    private static List<DocumentWrite> fanOut(List<DocumentWrite> writes, List<String> aliases) {
        if (aliases.size() == 1 && aliases.get(0).equals(writes.get(0).index())) {
            return writes;
        }
        List<DocumentWrite> all = new ArrayList<>(writes.size() * aliases.size());
        for (String alias : aliases) {
            for (DocumentWrite w : writes) {
                all.add(w.to(alias));
            }
        }
        return all;
    }

    /**
     * One outcome per write over every target: a failure in any target (naming the target), else a
     * {@link ItemOutcome.Reread} in any target, else the write alias's outcome: the change must reach every index a
     * search may be served from.
     */
    private static List<ItemOutcome> merge(int n, List<String> aliases, List<ItemOutcome> all) {
        List<ItemOutcome> out = new ArrayList<>(all.subList(0, n));
        for (int t = 1; t < aliases.size(); t++) {
            for (int i = 0; i < n; i++) {
                ItemOutcome o = all.get(t * n + i);
                ItemOutcome current = out.get(i);
                if (current instanceof ItemOutcome.Rejected || current instanceof ItemOutcome.Exhausted) {
                    continue;
                }
                if (o instanceof ItemOutcome.Rejected r) {
                    out.set(i, new ItemOutcome.Rejected(r.status(), r.type(), "in " + aliases.get(t) + ": " + r.reason()));
                } else if (o instanceof ItemOutcome.Exhausted x) {
                    out.set(i, new ItemOutcome.Exhausted("in " + aliases.get(t) + ": " + x.reason()));
                } else if (o instanceof ItemOutcome.Reread) {
                    out.set(i, o);
                }
            }
        }
        return out;
    }

    private void count(String messageId, String table, String index, List<DocumentWrite> writes,
                       List<RecordCollapser.Keyed> written, List<ItemOutcome> outcomes, Tally tally) {
        long now = clock.millis();
        for (int i = 0; i < outcomes.size(); i++) {
            ItemOutcome o = outcomes.get(i);
            DocumentWrite w = writes.get(i);
            if (o instanceof ItemOutcome.Applied a) {
                if (!a.quarantinedFields().isEmpty()) {
                    tally.quarantinedFields += a.quarantinedFields().size();
                    logQuarantine(messageId, table, written.get(i), a.quarantinedFields());
                }
                if (a.tombstone()) {
                    tally.deleted++;
                } else {
                    tally.upserted++;
                }
                if (!Versions.isRead(w.version())) {
                    tally.maxLag = Math.max(tally.maxLag, now - w.ts() * 1000);
                }
            } else if (o instanceof ItemOutcome.Stale) {
                tally.stale++;
            } else {
                if (o instanceof ItemOutcome.Rejected rej && "index_not_found_exception".equals(rej.type())) {
                    bootstrap.forget(index);
                    targets.forget(index);
                }
                String reason = o instanceof ItemOutcome.Rejected rej && VersionedBulkWriter.REREAD_FAILED.equals(rej.type()) ? rej.reason()
                        : o instanceof ItemOutcome.Rejected rej
                        ? "OpenSearch rejected the document (" + rej.status() + " " + rej.type() + "): " + rej.reason()
                        : "not written when the time budget ran out: " + ((ItemOutcome.Exhausted) o).reason();
                tally.fail(written.get(i), reason);
                logRecordFailure(messageId, table, written.get(i), reason, o instanceof ItemOutcome.Rejected rej ? rej.status() : 0);
            }
        }
    }

    private static void publish(Tally t, MetricsSink m) {
        m.count(WorkerMetricNames.DOCUMENTS_UPSERTED, t.upserted);
        m.count(WorkerMetricNames.DOCUMENTS_DELETED, t.deleted);
        m.count(WorkerMetricNames.STALE_SKIPPED, t.stale);
        m.count(WorkerMetricNames.RECORDS_FAILED, t.failed);
        m.count(WorkerMetricNames.FETCHED_ITEMS_MISSING, t.missing);
        m.count(WorkerMetricNames.OLD_CHANGES_REREAD, t.reread);
        m.count(WorkerMetricNames.QUARANTINED_FIELDS, t.quarantinedFields);
        if (t.maxLag >= 0) {
            m.millis(WorkerMetricNames.END_TO_END_LAG_MS, t.maxLag);
        }
    }

    /** A record written with fields quarantined: which record and which fields (names, never values). */
    private void logQuarantine(String messageId, String table, RecordCollapser.Keyed k, List<String> fields) {
        LOG.atWarn().addKeyValue(LogFields.MESSAGE_ID, messageId).addKeyValue(LogFields.TABLE, table)
                .addKeyValue(LogFields.ITEM_KEY, k.record().keys().toString())
                .addKeyValue(LogFields.DOCUMENT_ID, k.id().value())
                .addKeyValue(LogFields.SEQUENCE_NUMBER, k.record().sequenceNumber())
                .addKeyValue("quarantinedFields", fields)
                .log("record written with fields quarantined");
    }

    private void logRecordFailure(String messageId, String table, RecordCollapser.Keyed k, String reason, int status) {
        LoggingEventBuilder line = LOG.atError().addKeyValue(LogFields.MESSAGE_ID, messageId).addKeyValue(LogFields.TABLE, table)
                .addKeyValue(LogFields.ITEM_KEY, k.record().keys().toString())
                .addKeyValue(LogFields.DOCUMENT_ID, k.id().value())
                .addKeyValue(LogFields.SEQUENCE_NUMBER, k.record().sequenceNumber())
                .addKeyValue(LogFields.REASON, reason);
        if (status > 0) {
            line = line.addKeyValue("status", status);
        }
        line.log("record failed");
    }
}
