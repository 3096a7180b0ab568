package io.ddbsync.worker.process;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.worker.dynamodb.ItemFetchException;
import io.ddbsync.worker.dynamodb.ItemFetcher;
import io.ddbsync.worker.idempotency.IdempotencyStoreException;
import io.ddbsync.worker.idempotency.MessageGuard;
import io.ddbsync.worker.idempotency.MessageInProgressException;
import io.ddbsync.worker.log.JsonLog;
import io.ddbsync.worker.metrics.MetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.opensearch.BulkUpsertWriter;
import io.ddbsync.worker.opensearch.DocumentWrite;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexNames;
import io.ddbsync.worker.opensearch.ItemOutcome;
import io.ddbsync.worker.opensearch.OpenSearchTransportException;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Processes one SQS message: decode, idempotency guard, collapse per document, resolve fetch
 * records, one versioned {@code _bulk}, and classify. Every failure becomes a {@link MessageResult.Failed}
 * with a logged reason naming the message and, per record, table, key and sequence number.
 */
public final class MessageProcessor {

    private final IndexBootstrap bootstrap;
    private final BulkUpsertWriter writer;
    private final ItemFetcher fetcher;
    private final DocumentConverter converter;
    private final MessageGuard guard;
    private final MetricsSink metrics;
    private final Function<String, String> indexForTable;
    private final WorkerConfig.TtlDeletes ttlDeletes;
    private final Clock clock;
    private final JsonLog log;

    public MessageProcessor(IndexBootstrap bootstrap, BulkUpsertWriter writer, ItemFetcher fetcher,
                            DocumentConverter converter, MessageGuard guard, MetricsSink metrics,
                            Function<String, String> indexForTable, WorkerConfig.TtlDeletes ttlDeletes,
                            Clock clock, JsonLog log) {
        this.bootstrap = bootstrap;
        this.writer = writer;
        this.fetcher = fetcher;
        this.converter = converter;
        this.guard = guard;
        this.metrics = metrics;
        this.indexForTable = indexForTable;
        this.ttlDeletes = ttlDeletes;
        this.clock = clock;
        this.log = log;
    }

    public MessageResult process(SQSMessage message, TimeBudget budget) {
        String messageId = message.getMessageId();
        ChangeEnvelope envelope;
        try {
            envelope = WireCodec.decode(message.getBody());
        } catch (RuntimeException e) {
            String reason = "malformed message body: " + e.getMessage();
            log.error("message_rejected", fields("messageId", messageId, "reason", reason), e);
            metrics.count(MetricNames.RECORDS_FAILED, 1);
            return new MessageResult.Failed(messageId, reason);
        }
        List<RawRecord> raws = new ArrayList<>();
        List<ChangeRecord> changes = new ArrayList<>();
        for (WireRecord r : envelope.records()) {
            if (r instanceof RawRecord raw) {
                raws.add(raw);
            } else {
                changes.add((ChangeRecord) r);
            }
        }
        if (!raws.isEmpty()) {
            for (RawRecord raw : raws) {
                log.error("record_failed", fields("messageId", messageId, "envelopeId", envelope.id(),
                        "table", envelope.table(), "seq", raw.seq(), "reason", "raw record: " + raw.reason()), null);
            }
            metrics.count(MetricNames.RECORDS_FAILED, raws.size());
            return new MessageResult.Failed(messageId, "raw record(s) the forwarder could not interpret: " + raws.get(0).reason());
        }
        try {
            MessageGuard.Outcome outcome = guard.runOnce(envelope.id(), () -> apply(messageId, envelope, changes, budget));
            if (outcome == MessageGuard.Outcome.DUPLICATE) {
                metrics.count(MetricNames.DUPLICATE_MESSAGES_SKIPPED, 1);
                log.info("message_duplicate", fields("messageId", messageId, "envelopeId", envelope.id(), "table", envelope.table()));
                return new MessageResult.Duplicate(messageId);
            }
            return new MessageResult.Done(messageId);
        } catch (MessageFailedException | MessageInProgressException | IdempotencyStoreException e) {
            log.error("message_failed", fields("messageId", messageId, "envelopeId", envelope.id(),
                    "table", envelope.table(), "reason", e.getMessage()), e.getCause());
            return new MessageResult.Failed(messageId, e.getMessage());
        } catch (RuntimeException e) {
            String reason = "unexpected error: " + e;
            log.error("message_failed", fields("messageId", messageId, "envelopeId", envelope.id(),
                    "table", envelope.table(), "reason", reason), e);
            return new MessageResult.Failed(messageId, reason);
        }
    }

    /** Runs inside the guard; throws {@link MessageFailedException} so the guard keeps no record of a failure. */
    private void apply(String messageId, ChangeEnvelope envelope, List<ChangeRecord> changes, TimeBudget budget) {
        String table = envelope.table();
        String index = indexForTable.apply(table);
        try {
            bootstrap.ensure(index);
        } catch (RuntimeException e) {
            throw new MessageFailedException("index " + index + " is not ready: " + e.getMessage(), e);
        }
        List<ChangeRecord> kept = new ArrayList<>(changes.size());
        for (ChangeRecord r : changes) {
            if (r.op() == Op.REMOVE && r.ttl() && ttlDeletes == WorkerConfig.TtlDeletes.KEEP) {
                continue;
            }
            kept.add(r);
        }
        if (kept.isEmpty()) {
            return;
        }
        List<RecordCollapser.Keyed> collapsed = RecordCollapser.collapse(kept);
        Map<Integer, Optional<ObjectNode>> fetched = fetch(table, collapsed);

        String writeAlias = new IndexNames(index).write();
        List<DocumentWrite> writes = new ArrayList<>(collapsed.size());
        List<RecordCollapser.Keyed> written = new ArrayList<>(collapsed.size());
        int failed = 0;
        String firstFailure = null;
        for (int i = 0; i < collapsed.size(); i++) {
            RecordCollapser.Keyed k = collapsed.get(i);
            ChangeRecord r = k.record();
            ObjectNode doc = null;
            boolean tombstone = r.op() == Op.REMOVE;
            if (!tombstone) {
                ObjectNode image = fetched.containsKey(i) ? fetched.get(i).orElse(null) : r.image();
                tombstone = image == null;
                if (!tombstone) {
                    try {
                        doc = converter.toDocument(image);
                    } catch (ConversionException e) {
                        failed++;
                        String reason = "cannot convert item: " + e.getMessage();
                        firstFailure = firstFailure == null ? reason : firstFailure;
                        logRecordFailure(messageId, table, k, reason, 0);
                        continue;
                    }
                }
            }
            writes.add(new DocumentWrite(writeAlias, k.id().value(), k.version(), doc, table,
                    k.id().hashed() ? r.keys() : null, tombstone && r.ttl(), r.seq(), r.ts()));
            written.add(k);
        }
        List<ItemOutcome> outcomes;
        try {
            outcomes = writes.isEmpty() ? List.of() : writer.write(writes, budget);
        } catch (OpenSearchTransportException | IllegalStateException e) {
            metrics.count(MetricNames.RECORDS_FAILED, writes.size() + failed);
            throw new MessageFailedException("bulk write to " + writeAlias + " failed: " + e.getMessage(), e);
        }
        long now = clock.millis();
        long upserted = 0;
        long deleted = 0;
        long stale = 0;
        long maxLag = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            ItemOutcome o = outcomes.get(i);
            DocumentWrite w = writes.get(i);
            if (o instanceof ItemOutcome.Applied a) {
                if (a.tombstone()) {
                    deleted++;
                } else {
                    upserted++;
                }
                if (!"0".equals(w.seq())) {
                    maxLag = Math.max(maxLag, now - w.ts() * 1000);
                }
            } else if (o instanceof ItemOutcome.Stale) {
                stale++;
            } else {
                failed++;
                String reason = o instanceof ItemOutcome.Rejected rej
                        ? "OpenSearch rejected the document (" + rej.status() + "): " + rej.reason()
                        : "still throttled when the time budget ran out: " + ((ItemOutcome.Exhausted) o).reason();
                firstFailure = firstFailure == null ? reason : firstFailure;
                logRecordFailure(messageId, table, written.get(i), reason, o instanceof ItemOutcome.Rejected rej ? rej.status() : 0);
            }
        }
        metrics.count(MetricNames.DOCUMENTS_UPSERTED, upserted);
        metrics.count(MetricNames.DOCUMENTS_DELETED, deleted);
        metrics.count(MetricNames.STALE_SKIPPED, stale);
        metrics.count(MetricNames.RECORDS_FAILED, failed);
        if (maxLag >= 0) {
            metrics.millis(MetricNames.END_TO_END_LAG_MS, maxLag);
        }
        if (failed > 0) {
            throw new MessageFailedException(failed + " record(s) of table " + table + " failed; first: " + firstFailure);
        }
    }

    private Map<Integer, Optional<ObjectNode>> fetch(String table, List<RecordCollapser.Keyed> collapsed) {
        List<Integer> positions = new ArrayList<>();
        List<ObjectNode> keys = new ArrayList<>();
        for (int i = 0; i < collapsed.size(); i++) {
            ChangeRecord r = collapsed.get(i).record();
            if (r.fetch() && r.op() != Op.REMOVE) {
                positions.add(i);
                keys.add(r.keys());
            }
        }
        Map<Integer, Optional<ObjectNode>> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        List<Optional<ObjectNode>> items;
        try {
            items = fetcher.fetch(table, keys);
        } catch (ItemFetchException | IllegalArgumentException e) {
            metrics.count(MetricNames.RECORDS_FAILED, keys.size());
            throw new MessageFailedException("cannot read " + keys.size() + " fetch record(s) from table " + table
                    + ": " + e.getMessage(), e);
        }
        for (int j = 0; j < positions.size(); j++) {
            out.put(positions.get(j), items.get(j));
        }
        return out;
    }

    private void logRecordFailure(String messageId, String table, RecordCollapser.Keyed k, String reason, int status) {
        Map<String, Object> f = fields("messageId", messageId, "table", table, "key", k.record().keys().toString(),
                "documentId", k.id().value(), "seq", k.record().seq(), "reason", reason);
        if (status > 0) {
            f.put("status", status);
        }
        log.error("record_failed", f, null);
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
