package io.ddbsync.aws.sqs;

import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.pack.SendBatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Sends change messages with SendMessageBatch. Entries that fail transiently (SenderFault=false:
 * throttling, server errors) and calls that fail transiently (I/O, throttling, 5xx) are retried
 * with {@link Backoff}; sender faults are not retried. Entry ids are the messages' indexes.
 */
public final class SqsChangeQueue implements ChangeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SqsChangeQueue.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final long reserveMillis;

    /**
     * @param reserveMillis no retry is started with less time than this left in the invocation (one
     *                      call's time limit plus a margin), so retries never run the function out of time
     */
    public SqsChangeQueue(SqsClient sqs, String queueUrl, Backoff backoff, Sleeper sleeper, DoubleSupplier random,
                          long reserveMillis) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.reserveMillis = reserveMillis;
    }

    /**
     * The sender for operator commands ({@link #sendAll}): {@link Backoff#DEFAULT}, real sleeps, no
     * invocation time limit.
     */
    public static SqsChangeQueue withDefaults(SqsClient sqs, String queueUrl) {
        return new SqsChangeQueue(sqs, queueUrl, Backoff.DEFAULT, Sleeper.real(),
                () -> ThreadLocalRandom.current().nextDouble(), 0);
    }

    @Override
    public List<EntryFailure> send(List<PackedMessage> messages, SendObserver observer, LongSupplier remainingMillis) {
        if (messages.size() > SendBatches.MAX_ENTRIES) {
            throw new IllegalArgumentException(messages.size() + " messages exceed SendMessageBatch's " + SendBatches.MAX_ENTRIES);
        }
        Attempts attempts = new Attempts(messages, observer);
        for (int attempt = 1; !attempts.pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                if (!mayRetry(attempt, attempts.pending.size(), remainingMillis)) {
                    break;
                }
                observer.retried();
            }
            observer.requestSent();
            attempts.lastTransient.clear();
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(request(messages, attempts.pending));
            } catch (SdkException e) {
                if (!attempts.callFailed(e, attempt) || attempt >= backoff.maxAttempts()) {
                    break;
                }
                continue;
            }
            attempts.record(response, attempt);
            if (attempt >= backoff.maxAttempts()) {
                break;
            }
        }
        return attempts.failures();
    }

    /** Whether retry {@code attempt} may start: time is left in the invocation and the pause was not interrupted. */
    private boolean mayRetry(int attempt, int entries, LongSupplier remainingMillis) {
        if (remainingMillis.getAsLong() < reserveMillis) {
            LOG.atWarn().addKeyValue("queue", queueUrl).addKeyValue("attempt", attempt).addKeyValue("entries", entries)
                    .addKeyValue("remainingMillis", remainingMillis.getAsLong())
                    .log("no time left to retry SendMessageBatch");
            return false;
        }
        return pause(attempt - 1);
    }

    /**
     * One {@link #send} call's entries: those not yet sent (entry id → index), those failed for good,
     * and each pending entry's last transient failure (what it is reported as if the retries run out).
     */
    private final class Attempts {
        private final List<PackedMessage> messages;
        private final SendObserver observer;
        private final Map<String, Integer> pending = new LinkedHashMap<>();
        private final List<EntryFailure> failed = new ArrayList<>();
        private final Map<String, EntryFailure> lastTransient = new LinkedHashMap<>();

        Attempts(List<PackedMessage> messages, SendObserver observer) {
            this.messages = messages;
            this.observer = observer;
            for (int i = 0; i < messages.size(); i++) {
                pending.put(Integer.toString(i), i);
            }
        }

        /** Records a failed call against every pending entry; returns whether the call may be retried. */
        boolean callFailed(SdkException e, int attempt) {
            boolean retryable = isRetryable(e);
            String code = code(e);
            for (Map.Entry<String, Integer> entry : pending.entrySet()) {
                lastTransient.put(entry.getKey(), new EntryFailure(entry.getValue(), code, e.getMessage(), !retryable));
            }
            LOG.atWarn().setCause(e).addKeyValue("queue", queueUrl).addKeyValue("attempt", attempt).addKeyValue("entries", pending.size())
                    .addKeyValue("code", code).addKeyValue("retryable", retryable)
                    .log("SendMessageBatch failed");
            return retryable;
        }

        /** Takes the accepted entries off {@link #pending}, the sender faults too (as failed for good). */
        void record(SendMessageBatchResponse response, int attempt) {
            for (SendMessageBatchResultEntry ok : response.successful()) {
                Integer index = pending.remove(ok.id());
                if (index != null) {
                    observer.accepted(messages.get(index));
                }
            }
            for (BatchResultErrorEntry error : response.failed()) {
                Integer index = pending.get(error.id());
                if (index != null) {
                    entryFailed(error, index, attempt);
                }
            }
            // An entry SQS reported neither way is not known to be enqueued: retry it.
            for (Map.Entry<String, Integer> entry : pending.entrySet()) {
                lastTransient.putIfAbsent(entry.getKey(),
                        new EntryFailure(entry.getValue(), "NoResult", "no result for entry " + entry.getKey(), false));
            }
        }

        private void entryFailed(BatchResultErrorEntry error, int index, int attempt) {
            boolean permanent = Boolean.TRUE.equals(error.senderFault());
            EntryFailure failure = new EntryFailure(index, error.code(), error.message(), permanent);
            PackedMessage message = messages.get(index);
            LOG.atWarn().addKeyValue(LogFields.TABLE, message.envelope().table())
                    .addKeyValue(LogFields.ENVELOPE_ID, message.envelope().id())
                    .addKeyValue(LogFields.SEQUENCE_NUMBER, message.firstSequenceNumber())
                    .addKeyValue("queue", queueUrl).addKeyValue("attempt", attempt).addKeyValue("code", error.code())
                    .addKeyValue("senderFault", permanent)
                    .log("SendMessageBatch entry failed");
            if (permanent) {
                pending.remove(error.id());
                failed.add(failure);
            } else {
                lastTransient.put(error.id(), failure);
            }
        }

        /** Failed-for-good entries plus those still pending (with their last transient failure), by index. */
        List<EntryFailure> failures() {
            for (String id : pending.keySet()) {
                EntryFailure f = lastTransient.get(id);
                failed.add(f != null ? f : new EntryFailure(pending.get(id), "NotSent", "not sent", false));
            }
            failed.sort((a, b) -> Integer.compare(a.index(), b.index()));
            return List.copyOf(failed);
        }
    }

    private SendMessageBatchRequest request(List<PackedMessage> messages, Map<String, Integer> pending) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.size());
        for (Map.Entry<String, Integer> e : pending.entrySet()) {
            PackedMessage m = messages.get(e.getValue());
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(e.getKey())
                    .messageBody(m.body())
                    .messageAttributes(MessageAttributes.of(m))
                    .build());
        }
        return SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
    }

    private boolean pause(int retry) {
        try {
            sleeper.sleep(backoff.delay(retry, random.getAsDouble()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** I/O errors, throttling and server errors may pass on retry; other service errors will not. */
    static boolean isRetryable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
