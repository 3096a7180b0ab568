package io.ddbsync.worker.internal.process;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.worker.internal.dynamodb.ItemFetcher;
import io.ddbsync.worker.internal.idempotency.IdempotencyStoreException;
import io.ddbsync.worker.internal.idempotency.MessageGuard;
import io.ddbsync.worker.internal.idempotency.MessageInProgressException;
import io.ddbsync.worker.log.JsonLog;
import io.ddbsync.worker.metrics.MetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import io.ddbsync.worker.opensearch.WriteTargets;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Processes one SQS message: decode, refuse raw records, and apply the changes under the
 * idempotency guard ({@link ChangeApplier}). Every failure becomes a {@link MessageResult.Failed}
 * with a logged reason naming the message and, per record, table, key and sequence number.
 */
public final class MessageProcessor {

    private final ChangeApplier applier;
    private final MessageGuard guard;
    private final MetricsSink metrics;
    private final JsonLog log;

    /**
     * @param converterForTable the converter of each table (its include/exclude lists)
     * @param indexForTable     the index (search alias) of each table; may throw for a table with no usable name
     * @param ttlDeletes        each table's policy for TTL removals
     * @param tombstoneRetention how long tombstones are kept: older changes are re-read from the table
     */
    public MessageProcessor(IndexBootstrap bootstrap, VersionedBulkWriter writer, WriteTargets targets, ItemFetcher fetcher,
                            Function<String, DocumentConverter> converterForTable, MessageGuard guard, MetricsSink metrics,
                            Function<String, String> indexForTable, Function<String, WorkerConfig.TtlDeletes> ttlDeletes,
                            Duration tombstoneRetention, Clock clock, JsonLog log) {
        this.applier = new ChangeApplier(bootstrap, writer, targets, new ImageSource(fetcher, clock, tombstoneRetention),
                converterForTable, indexForTable, ttlDeletes, metrics, clock, log);
        this.guard = guard;
        this.metrics = metrics;
        this.log = log;
    }

    /** Decodes the message, refuses raw records, and applies the changes once (idempotency guard). */
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
            return refuseRaw(messageId, envelope, raws);
        }
        return applyOnce(messageId, envelope, changes, budget);
    }

    /** A raw record (one the forwarder could not interpret) fails its message, so it reaches the dead-letter queue. */
    private MessageResult refuseRaw(String messageId, ChangeEnvelope envelope, List<RawRecord> raws) {
        for (RawRecord raw : raws) {
            log.error("record_failed", fields("messageId", messageId, "envelopeId", envelope.id(),
                    "table", envelope.table(), "seq", raw.seq(), "reason", "raw record: " + raw.reason()), null);
        }
        metrics.forTable(envelope.table()).count(MetricNames.RECORDS_FAILED, raws.size());
        return new MessageResult.Failed(messageId, "raw record(s) the forwarder could not interpret: " + raws.get(0).reason());
    }

    /** Applies the changes under the idempotency guard: a duplicate is skipped, every failure named. */
    private MessageResult applyOnce(String messageId, ChangeEnvelope envelope, List<ChangeRecord> changes, TimeBudget budget) {
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
        applier.apply(messageId, envelope, changes, budget);
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
