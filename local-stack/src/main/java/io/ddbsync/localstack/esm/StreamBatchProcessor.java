package io.ddbsync.localstack.esm;

import io.ddbsync.model.log.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Takes one batch of a shard to its end the way Lambda does, keeping shard order: every record is either
 * processed successfully or reported to the on-failure destination.
 *
 * <ul>
 *   <li>Records older than {@code MaximumRecordAgeInSeconds} are not invoked: reported as {@code RecordAgeExceeded}.</li>
 *   <li>A reported item failure checkpoints before the lowest reported sequence number; the rest of the batch
 *       is retried (one retry attempt).</li>
 *   <li>A whole-batch failure (thrown error, timeout, invalid response) with BisectBatchOnFunctionError splits
 *       the batch in halves, first half first, without using a retry attempt; a single record (or no bisect)
 *       is retried.</li>
 *   <li>After {@code MaximumRetryAttempts} retries the (sub)batch is reported as {@code RetryAttemptsExhausted}
 *       and the shard moves on.</li>
 * </ul>
 */
final class StreamBatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(StreamBatchProcessor.class);

    private static final Duration SEND_RETRY = Duration.ofSeconds(1);

    private final String shardId;
    private final String region;
    private final StreamPollerConfig config;
    private final LambdaFunction<DynamodbEvent, StreamsEventResponse> function;
    private final OnFailureDestination destination;
    private final PollerCounters counters;
    private final Clock clock;
    private final BooleanSupplier running;
    private final Pauser pauser;

    /** A (sub)batch still to process: how often it was retried and how often its records were invoked. */
    private record Pending(List<Record> records, int retries, int invocations) {
    }

    StreamBatchProcessor(String shardId, StreamPollerConfig config, LambdaFunction<DynamodbEvent, StreamsEventResponse> function,
                         OnFailureDestination destination, PollerCounters counters, Clock clock, BooleanSupplier running,
                         Pauser pauser) {
        this.shardId = shardId;
        this.config = config;
        this.function = function;
        this.destination = destination;
        this.counters = counters;
        this.clock = clock;
        this.running = running;
        this.pauser = pauser;
        String[] arn = config.streamArn().split(":");
        this.region = arn.length > 3 ? arn[3] : "";
    }

    /** Processes {@code batch} to its end; false when the poller stopped before (the rest is abandoned). */
    boolean process(List<Record> batch) {
        Deque<Pending> work = new ArrayDeque<>();
        work.add(new Pending(List.copyOf(batch), 0, 0));
        while (!work.isEmpty()) {
            if (!running.getAsBoolean()) {
                return false;
            }
            Pending pending = work.pollFirst();
            List<Record> records = pending.records();
            int expired = expiredPrefix(records);
            if (expired > 0) {
                if (!report(records.subList(0, expired), OnFailureRecord.RECORD_AGE_EXCEEDED, pending.invocations(), null,
                        UUID.randomUUID().toString())) {
                    return false;
                }
                if (expired < records.size()) {
                    work.addFirst(new Pending(records.subList(expired, records.size()), pending.retries(), pending.invocations()));
                }
                continue;
            }
            counters.invoked(records.size());
            Invocation<StreamsEventResponse> invocation = function.invoke(StreamEventJson.toJson(records, config.streamArn(), region));
            StreamBatchOutcome outcome = StreamBatchOutcome.of(records, invocation, config.reportBatchItemFailures());
            int invocations = pending.invocations() + 1;
            if (outcome.kind() == StreamBatchOutcome.Kind.SUCCESS) {
                counters.succeeded(records.size());
                continue;
            }
            log(invocation, records, outcome);
            if (outcome.kind() == StreamBatchOutcome.Kind.PARTIAL) {
                counters.succeeded(outcome.retryFrom());
                counters.failedRecords(records.size() - outcome.retryFrom());
                List<Record> rest = records.subList(outcome.retryFrom(), records.size());
                if (!retryOrReport(work, new Pending(rest, pending.retries() + 1, invocations), null, invocation.requestId())) {
                    return false;
                }
                continue;
            }
            counters.failedInvocation(records.size());
            String functionError = outcome.kind() == StreamBatchOutcome.Kind.FUNCTION_ERROR ? "Unhandled" : null;
            if (config.bisectBatchOnFunctionError() && records.size() > 1) {
                int half = records.size() / 2;
                work.addFirst(new Pending(records.subList(half, records.size()), pending.retries(), invocations));
                work.addFirst(new Pending(records.subList(0, half), pending.retries(), invocations));
                continue;
            }
            if (!retryOrReport(work, new Pending(records, pending.retries() + 1, invocations), functionError, invocation.requestId())) {
                return false;
            }
        }
        return true;
    }

    private boolean retryOrReport(Deque<Pending> work, Pending retry, String functionError, String requestId) {
        if (config.retriesExhausted(retry.retries())) {
            return report(retry.records(), OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED, retry.invocations(), functionError, requestId);
        }
        work.addFirst(retry);
        return config.retryBackoff().isZero() || pauser.pause(config.retryBackoff());
    }

    private int expiredPrefix(List<Record> records) {
        if (config.maximumRecordAgeInSeconds() < 0) {
            return 0;
        }
        Instant oldestAllowed = clock.instant().minusSeconds(config.maximumRecordAgeInSeconds());
        int expired = 0;
        for (Record record : records) {
            Instant created = record.dynamodb().approximateCreationDateTime();
            if (created == null || !created.isBefore(oldestAllowed)) {
                break;
            }
            expired++;
        }
        return expired;
    }

    /** Sends the invocation record, retrying while the destination is unreachable; false when stopped first. */
    private boolean report(List<Record> records, String condition, int invokeCount, String functionError, String requestId) {
        OnFailureRecord record = new OnFailureRecord(requestId, function.arn(), condition, invokeCount, functionError,
                clock.instant(), config.uuid(), shardId, config.streamArn(), records,
                StreamEventJson.toJson(records, config.streamArn(), region));
        while (true) {
            try {
                destination.send(record);
                counters.discarded(records.size());
                LOG.atWarn().addKeyValue("functionName", config.functionName()).addKeyValue("condition", condition)
                        .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn())
                        .addKeyValue(LogFields.SHARD_ID, shardId)
                        .addKeyValue("startSequenceNumber", records.get(0).dynamodb().sequenceNumber())
                        .addKeyValue("endSequenceNumber", records.get(records.size() - 1).dynamodb().sequenceNumber())
                        .addKeyValue("batchSize", records.size())
                        .addKeyValue("approximateInvokeCount", invokeCount).log("batch sent to the on-failure destination");
                return true;
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("functionName", config.functionName())
                        .addKeyValue(LogFields.SHARD_ID, shardId)
                        .addKeyValue("startSequenceNumber", records.get(0).dynamodb().sequenceNumber())
                        .setCause(e).log("sending to the on-failure destination failed");
                if (!pauser.pause(SEND_RETRY)) {
                    return false;
                }
            }
        }
    }

    private void log(Invocation<StreamsEventResponse> invocation, List<Record> records, StreamBatchOutcome outcome) {
        LOG.atWarn().addKeyValue("functionName", config.functionName())
                .addKeyValue(LogFields.REQUEST_ID, invocation.requestId())
                .addKeyValue(LogFields.SHARD_ID, shardId)
                .addKeyValue("startSequenceNumber", records.get(0).dynamodb().sequenceNumber())
                .addKeyValue("endSequenceNumber", records.get(records.size() - 1).dynamodb().sequenceNumber())
                .addKeyValue("batchSize", records.size()).addKeyValue(LogFields.REASON, outcome.reason())
                .log("batch failed");
    }
}
