package io.ddbsync.ops.operations;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.forwarder.ForwardResult;
import io.ddbsync.forwarder.StreamRecordForwarder;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Re-forwards the stream ranges named by on-failure records: reads each range from the stream
 * (AT_SEQUENCE_NUMBER its start, until past its end), hands the records to the forwarder (the same
 * mapping, packing and sending the Lambda does), and deletes the on-failure record only when every
 * record of the range is enqueued. A range the stream has trimmed (older than its 24 h retention)
 * cannot be re-read: it is reported and left on the queue (run reconcile, then delete it).
 */
public final class StreamReplay {

    /**
     * What became of one on-failure record; {@code recordId} names it where it is kept: the SQS message id, or the S3
     * object key ({@link S3FailureReplay}).
     */
    public sealed interface Outcome {
        String recordId();

        /** The range was re-forwarded and its on-failure record deleted. */
        record Replayed(String recordId, StreamFailureRecord range, int records) implements Outcome {
        }

        /** The stream no longer holds (all of) the range. */
        record Trimmed(String recordId, StreamFailureRecord range, String detail, boolean deleted) implements Outcome {
        }

        /** The message is not an on-failure record, or forwarding failed: left on the queue. */
        record Failed(String recordId, String reason) implements Outcome {
        }
    }

    /** Consecutive empty GetRecords pages tolerated on an open shard before giving up on reaching the range's end. */
    static final int MAX_EMPTY_PAGES = 50;

    private final SqsClient sqs;
    private final DynamoDbStreamsClient streams;
    private final StreamRecordForwarder forwarder;
    private final boolean deleteTrimmed;

    public StreamReplay(SqsClient sqs, DynamoDbStreamsClient streams, StreamRecordForwarder forwarder, boolean deleteTrimmed) {
        this.sqs = sqs;
        this.streams = streams;
        this.forwarder = forwarder;
        this.deleteTrimmed = deleteTrimmed;
    }

    /**
     * Processes up to {@code max} on-failure records of the queue, each once; each outcome is reported as it happens.
     * A record left on the queue (trimmed without {@code deleteTrimmed}) is visible again at once, for the next run:
     * two receives in a row that bring nothing new end the run.
     */
    public List<Outcome> replay(String failureQueueUrl, int max, int visibilitySeconds, Consumer<Outcome> onOutcome) {
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> handled = new HashSet<>();
        int idleReceives = 0;
        while (outcomes.size() < max && idleReceives < 2) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(failureQueueUrl)
                    .maxNumberOfMessages(Math.min(10, max - outcomes.size()))
                    .visibilityTimeout(visibilitySeconds).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            boolean anyNew = false;
            for (Message m : messages) {
                if (!handled.add(m.messageId())) {
                    sqs.changeMessageVisibility(b -> b.queueUrl(failureQueueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                    continue;
                }
                anyNew = true;
                Outcome o = replayOne(failureQueueUrl, m);
                outcomes.add(o);
                onOutcome.accept(o);
            }
            idleReceives = anyNew ? 0 : idleReceives + 1;
        }
        return outcomes;
    }

    private Outcome replayOne(String queueUrl, Message m) {
        StreamFailureRecord range;
        try {
            range = StreamFailureRecord.parse(m.body());
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(m.messageId(), "not a stream on-failure record: " + e.getMessage());
        }
        List<DynamodbStreamRecord> records;
        try {
            records = read(range);
        } catch (TrimmedDataAccessException e) {
            return trimmed(queueUrl, m, range, "the stream has trimmed records of this range (older than its 24 h retention)");
        } catch (ResourceNotFoundException e) {
            return trimmed(queueUrl, m, range, "the stream or shard no longer exists (" + e.awsErrorDetails().errorMessage() + ")");
        } catch (RuntimeException e) {
            return new Outcome.Failed(m.messageId(), "cannot read " + range.describe() + ": " + ErrorLines.oneLine(e));
        }
        if (!records.isEmpty()) {
            ForwardResult result;
            try {
                result = forwarder.forward(records, new InvocationMetrics(), () -> Long.MAX_VALUE);
            } catch (RuntimeException e) {
                return new Outcome.Failed(m.messageId(), "forwarding " + range.describe() + " failed: " + ErrorLines.oneLine(e));
            }
            if (!result.isComplete()) {
                return new Outcome.Failed(m.messageId(), "could not enqueue from seq " + result.resumeSequenceNumber().orElse("?")
                        + " of " + range.describe() + ": " + String.join("; ", result.failures()));
            }
        }
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        return new Outcome.Replayed(m.messageId(), range, records.size());
    }

    private Outcome trimmed(String queueUrl, Message m, StreamFailureRecord range, String detail) {
        if (deleteTrimmed) {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        } else {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        return new Outcome.Trimmed(m.messageId(), range, detail, deleteTrimmed);
    }

    /** The records of the range, in stream order. */
    List<DynamodbStreamRecord> read(StreamFailureRecord range) {
        String iterator = streams.getShardIterator(b -> b.streamArn(range.streamArn()).shardId(range.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(range.startSequenceNumber())).shardIterator();
        List<DynamodbStreamRecord> out = new ArrayList<>();
        int emptyPages = 0;
        while (iterator != null) {
            GetRecordsResponse page;
            String current = iterator;
            try {
                page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
            } catch (ExpiredIteratorException e) {
                throw new OpsException("the shard iterator expired while reading " + range.describe(), e);
            }
            for (Record r : page.records()) {
                String seq = r.dynamodb().sequenceNumber();
                if (range.isBeforeStart(seq)) {
                    continue;
                }
                if (range.isAfterEnd(seq)) {
                    return out;
                }
                out.add(SdkStreamRecords.toLambda(r, range.streamArn()));
                if (!range.isAfterEnd(seq) && seq.equals(range.endSequenceNumber())) {
                    return out;
                }
            }
            emptyPages = page.records().isEmpty() ? emptyPages + 1 : 0;
            if (emptyPages >= MAX_EMPTY_PAGES) {
                throw new OpsException("did not reach sequence number " + range.endSequenceNumber() + " in " + range.describe()
                        + " after " + MAX_EMPTY_PAGES + " empty pages; " + out.size() + " record(s) read");
            }
            iterator = page.nextShardIterator();
        }
        return out; // the shard is closed and ends before endSequenceNumber
    }
}
