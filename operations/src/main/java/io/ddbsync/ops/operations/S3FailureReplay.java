package io.ddbsync.ops.operations;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.forwarder.ForwardResult;
import io.ddbsync.forwarder.StreamRecordForwarder;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Re-forwards the records an S3 on-failure destination keeps ({@link StreamFailureObject}): each object's payload
 * goes to the forwarder (the same mapping, packing and sending the Lambda does), so the replay does not depend on
 * the stream's 24 h retention. An object whose payload does not hold its whole range is read from the stream as
 * {@link StreamReplay} does; a range that is neither in the object nor in the stream any more is reported as
 * {@link StreamReplay.Outcome.Trimmed} (its table needs a reconcile) and left in place.
 *
 * <p>Objects are listed under a prefix (Lambda writes {@code aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>}),
 * optionally within a time range read from the key, and replayed in key order (per mapping and shard, oldest first).
 * A replayed object is moved to {@value #REPLAYED_PREFIX}{@code <its key>} (copy, then delete), out of the listed
 * prefix, so a second run does not take it again, and stays there as the record of what was replayed (the stack's
 * lifecycle rule expires {@code aws/lambda/} only: delete {@code replayed/} when done with it). Should the delete fail after
 * the copy, the next run replays the object again: harmless, as envelope ids are deterministic and every write is
 * version-guarded.
 */
public final class S3FailureReplay {

    /** Where replayed (and repaired) objects go, followed by their original key. */
    public static final String REPLAYED_PREFIX = "replayed/";
    /** Where Lambda writes on-failure records in the bucket. */
    public static final String DEFAULT_PREFIX = "aws/lambda/";

    private static final Pattern KEY_TIME = Pattern.compile(".*/(\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2})-[^/]+$");
    private static final DateTimeFormatter KEY_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH.mm.ss");

    /** Which objects to replay: a key prefix and, optionally, a time range (inclusive from, exclusive to). */
    public record Selection(String prefix, Optional<Instant> from, Optional<Instant> to) {
        public Selection {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (prefix.startsWith(REPLAYED_PREFIX)) {
                throw new IllegalArgumentException("the prefix " + prefix + " is where replayed objects are kept, not new ones");
            }
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                throw new IllegalArgumentException("the time range is empty: from " + from.get() + " to " + to.get());
            }
        }

        boolean includes(S3Object o) {
            Instant at = keyTime(o.key()).orElse(o.lastModified());
            return at == null || (from.map(f -> !at.isBefore(f)).orElse(true) && to.map(t -> at.isBefore(t)).orElse(true));
        }
    }

    private final S3Client s3;
    private final StreamReplay streamReader;
    private final StreamRecordForwarder forwarder;
    private final ReplayedKeys replayedKeys = new ReplayedKeys();

    /**
     * @param s3           reads, copies and deletes the bucket's objects
     * @param streamReader reads a range from the stream when an object lacks its records
     * @param forwarder    the forwarder's mapping, packing and sending to the change queue
     */
    public S3FailureReplay(S3Client s3, StreamReplay streamReader, StreamRecordForwarder forwarder) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.streamReader = Objects.requireNonNull(streamReader, "streamReader");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
    }

    /**
     * Replays up to {@code max} selected objects of {@code bucket}, in key order; each outcome is reported as it happens.
     *
     * @throws OpsException when the bucket cannot be listed
     */
    public List<StreamReplay.Outcome> replay(String bucket, Selection selection, int max, Consumer<StreamReplay.Outcome> onOutcome) {
        List<StreamReplay.Outcome> outcomes = new ArrayList<>();
        for (S3Object o : list(bucket, selection)) {
            if (outcomes.size() >= max) {
                break;
            }
            StreamReplay.Outcome outcome = replayOne(bucket, o.key());
            outcomes.add(outcome);
            onOutcome.accept(outcome);
        }
        return outcomes;
    }

    /** The keys of the records replayed from the objects' own payloads so far, by table. */
    public ReplayedKeys replayedKeys() {
        return replayedKeys;
    }

    /** The selected objects, in key order. */
    List<S3Object> list(String bucket, Selection selection) {
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(selection.prefix())).contents().stream()
                    .filter(selection::includes).sorted(java.util.Comparator.comparing(S3Object::key)).toList();
        } catch (SdkException e) {
            throw new OpsException("cannot list s3://" + bucket + "/" + selection.prefix(), e);
        }
    }

    /**
     * Moves a trimmed range's object to {@value #REPLAYED_PREFIX} once its table is repaired (the reconcile covers what
     * the range held).
     *
     * @throws OpsException when the object cannot be moved
     */
    public void settle(String bucket, StreamReplay.Outcome.Trimmed trimmed) {
        markReplayed(bucket, trimmed.recordId());
    }

    private StreamReplay.Outcome replayOne(String bucket, String key) {
        StreamFailureObject object;
        String content;
        try {
            content = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
            object = StreamFailureObject.parse(content);
        } catch (IllegalArgumentException e) {
            return new StreamReplay.Outcome.Failed(key, "not a DynamoDB stream on-failure record: " + e.getMessage());
        } catch (SdkException e) {
            return new StreamReplay.Outcome.Failed(key, "cannot read s3://" + bucket + "/" + key + ": " + ErrorLines.oneLine(e));
        }
        StreamFailureRecord range = object.range();
        List<DynamodbStreamRecord> records;
        boolean fromObject = object.holdsRange();
        if (fromObject) {
            records = object.records();
        } else {
            String lacking = object.records().isEmpty() ? "the object has no records" : "the object holds " + object.records().size()
                    + " of the range's records";
            try {
                records = streamReader.read(range);
            } catch (TrimmedDataAccessException e) {
                return new StreamReplay.Outcome.Trimmed(key, range, lacking + " and the stream has trimmed the range", false);
            } catch (ResourceNotFoundException e) {
                return new StreamReplay.Outcome.Trimmed(key, range, lacking + " and the stream or shard no longer exists ("
                        + e.awsErrorDetails().errorMessage() + ")", false);
            } catch (RuntimeException e) {
                return new StreamReplay.Outcome.Failed(key, lacking + "; cannot read " + range.describe() + ": " + ErrorLines.oneLine(e));
            }
        }
        if (!records.isEmpty()) {
            ForwardResult result;
            try {
                result = forwarder.forward(records, new InvocationMetrics(), () -> Long.MAX_VALUE);
            } catch (RuntimeException e) {
                return new StreamReplay.Outcome.Failed(key, "forwarding " + range.describe() + " failed: " + ErrorLines.oneLine(e));
            }
            if (!result.isComplete()) {
                return new StreamReplay.Outcome.Failed(key, "could not enqueue from seq " + result.resumeSequenceNumber().orElse("?")
                        + " of " + range.describe() + ": " + String.join("; ", result.failures()));
            }
        }
        if (fromObject) {
            replayedKeys.addFromObject(content);
        }
        try {
            markReplayed(bucket, key);
        } catch (OpsException e) {
            return new StreamReplay.Outcome.Failed(key, "replayed " + records.size() + " record(s) of " + range.describe()
                    + " but " + ErrorLines.oneLine(e) + " (a rerun replays it again, harmlessly)");
        }
        return new StreamReplay.Outcome.Replayed(key, range, records.size());
    }

    private void markReplayed(String bucket, String key) {
        String done = REPLAYED_PREFIX + key;
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(done));
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new OpsException("cannot move s3://" + bucket + "/" + key + " to " + done, e);
        }
    }

    /** The time in a key of Lambda's naming convention, UTC; empty for another key. */
    static Optional<Instant> keyTime(String key) {
        Matcher m = KEY_TIME.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), KEY_FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
