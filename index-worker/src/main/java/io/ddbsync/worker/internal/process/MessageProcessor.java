package io.ddbsync.worker.internal.process;

import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.RawRecord;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.worker.internal.dynamodb.ItemFetcher;
import io.ddbsync.worker.internal.idempotency.IdempotencyStoreException;
import io.ddbsync.worker.internal.idempotency.MessageGuard;
import io.ddbsync.worker.internal.idempotency.MessageInProgressException;
import io.ddbsync.worker.delivery.Delivery;
import io.ddbsync.worker.delivery.DeliveryOutcome;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes one delivered message ({@link Delivery}, whatever its transport): decode, refuse raw records, and apply the changes under the
 * idempotency guard ({@link ChangeApplier}). Every failure becomes a {@link DeliveryOutcome.Failed}
 * with a logged reason naming the message and, per record, table, key and sequence number. While a
 * message is processed its ids (messageId, then envelopeId and table) are in the MDC, so every log
 * line written for it names them.
 */
public final class MessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MessageProcessor.class);

    private final ChangeApplier applier;
    private final MessageGuard guard;
    private final MetricsSink metrics;

    /**
     * @param writing how documents are written
     * @param fetcher reads items for fetch records and for changes older than the tombstone retention
     * @param config  each table's index (search alias; may throw for a table with no usable name), converter
     *                (include/exclude lists, shaping) and TTL policy, and the tombstone retention (older changes are
     *                re-read from the table)
     */
    public MessageProcessor(IndexWriting writing, ItemFetcher fetcher, WorkerConfig config, MessageGuard guard,
                            MetricsSink metrics, Clock clock) {
        this.applier = new ChangeApplier(writing,
                new ImageSource(fetcher, clock, Duration.ofDays(config.tombstoneRetentionDays())), config, metrics, clock);
        this.guard = guard;
        this.metrics = metrics;
    }

    /** Decodes the message, refuses raw records, and applies the changes once (idempotency guard). */
    public DeliveryOutcome process(Delivery message, TimeBudget budget) {
        try (MDC.MDCCloseable id = MDC.putCloseable(LogFields.MESSAGE_ID, message.id())) {
            return processWithIds(message, budget);
        } finally {
            MDC.remove(LogFields.ENVELOPE_ID);
            MDC.remove(LogFields.TABLE);
        }
    }

    private DeliveryOutcome processWithIds(Delivery message, TimeBudget budget) {
        String messageId = message.id();
        ChangeEnvelope envelope;
        try {
            envelope = WireCodec.decode(message.body());
        } catch (RuntimeException e) {
            String reason = "malformed message body: " + e.getMessage();
            LOG.atError().setCause(e).addKeyValue(LogFields.REASON, reason).log("message rejected");
            metrics.count(WorkerMetricNames.RECORDS_FAILED, 1);
            return new DeliveryOutcome.Failed(messageId, reason);
        }
        MDC.put(LogFields.ENVELOPE_ID, envelope.id());
        MDC.put(LogFields.TABLE, envelope.table());
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
    private DeliveryOutcome refuseRaw(String messageId, ChangeEnvelope envelope, List<RawRecord> raws) {
        for (RawRecord raw : raws) {
            LOG.atError().addKeyValue(LogFields.SEQUENCE_NUMBER, raw.sequenceNumber())
                    .addKeyValue(LogFields.REASON, "raw record: " + raw.reason()).log("record failed");
        }
        metrics.forTable(envelope.table()).count(WorkerMetricNames.RECORDS_FAILED, raws.size());
        return new DeliveryOutcome.Failed(messageId, "raw record(s) the forwarder could not interpret: " + raws.get(0).reason());
    }

    /** Applies the changes under the idempotency guard: a duplicate is skipped, every failure named. */
    private DeliveryOutcome applyOnce(String messageId, ChangeEnvelope envelope, List<ChangeRecord> changes, TimeBudget budget) {
        try {
            MessageGuard.Outcome outcome = guard.runOnce(envelope.id(), () -> apply(messageId, envelope, changes, budget));
            if (outcome == MessageGuard.Outcome.DUPLICATE) {
                metrics.count(WorkerMetricNames.DUPLICATE_MESSAGES_SKIPPED, 1);
                LOG.info("message skipped: the idempotency store has it completed");
                return new DeliveryOutcome.Duplicate(messageId);
            }
            return new DeliveryOutcome.Done(messageId);
        } catch (MessageFailedException | MessageInProgressException | IdempotencyStoreException e) {
            LOG.atError().setCause(e).addKeyValue(LogFields.REASON, e.getMessage()).log("message failed");
            return e instanceof MessageFailedException failed
                    ? new DeliveryOutcome.Failed(messageId, e.getMessage(), failed.failedKey(), failed.failedSequenceNumber())
                    : new DeliveryOutcome.Failed(messageId, e.getMessage());
        } catch (RuntimeException e) {
            String reason = "unexpected error: " + e;
            LOG.atError().setCause(e).addKeyValue(LogFields.REASON, reason).log("message failed");
            return new DeliveryOutcome.Failed(messageId, reason);
        }
    }

    /** Runs inside the guard; throws {@link MessageFailedException} so the guard keeps no record of a failure. */
    private void apply(String messageId, ChangeEnvelope envelope, List<ChangeRecord> changes, TimeBudget budget) {
        applier.apply(messageId, envelope, changes, budget);
    }
}
