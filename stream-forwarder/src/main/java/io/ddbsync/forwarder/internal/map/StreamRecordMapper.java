package io.ddbsync.forwarder.internal.map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.RawRecord;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps one DynamoDB stream record, as the Lambda runtime delivers it, to a wire record.
 *
 * <p>Never throws for bad input: a record it cannot interpret (no or foreign eventSourceARN, an
 * unknown eventName, no keys, no or malformed sequence number, no creation time, an attribute of an
 * unknown or invalid type) becomes a {@link RawRecord} holding the record as received and the reason.
 */
public final class StreamRecordMapper {

    /** Envelope table of records whose eventSourceARN names no table; not a valid DynamoDB table name. */
    public static final String UNKNOWN_TABLE = "?unknown";

    /** The identity DynamoDB uses for deletes made by Time to Live. */
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    /** Stream sequence numbers are 21–40 digits; the wire format accepts nothing else. */
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("[0-9]{21,40}");

    /** Largest creation time a version can hold (12 digits of seconds). */
    static final long MAX_TS = 999_999_999_999L;

    private final int maxRawBytes;

    /** @param maxRawBytes the largest JSON a raw record may have; larger ones lose their images (keys stay). */
    public StreamRecordMapper(int maxRawBytes) {
        if (maxRawBytes < 1) {
            throw new IllegalArgumentException("maxRawBytes must be positive: " + maxRawBytes);
        }
        this.maxRawBytes = maxRawBytes;
    }

    public MappedRecord map(int position, DynamodbStreamRecord record) {
        Optional<String> table = StreamArns.tableName(record.getEventSourceARN());
        String tableName = table.orElse(UNKNOWN_TABLE);
        try {
            if (table.isEmpty()) {
                throw new Uninterpretable(record.getEventSourceARN() == null
                        ? "no eventSourceARN"
                        : "eventSourceARN is not a DynamoDB stream ARN: " + record.getEventSourceARN());
            }
            return new MappedRecord(position, tableName, change(record));
        } catch (Uninterpretable | InvalidAttributeException | IllegalArgumentException e) {
            return new MappedRecord(position, tableName, raw(record, e.getMessage()));
        }
    }

    private static ChangeRecord change(DynamodbStreamRecord record) {
        Op op = op(record.getEventName());
        StreamRecord ddb = record.getDynamodb();
        if (ddb == null) {
            throw new Uninterpretable("no dynamodb section");
        }
        String seq = validSeq(ddb.getSequenceNumber())
                .orElseThrow(() -> new Uninterpretable(ddb.getSequenceNumber() == null
                        ? "no SequenceNumber" : "malformed SequenceNumber: " + ddb.getSequenceNumber()));
        if (ddb.getApproximateCreationDateTime() == null) {
            throw new Uninterpretable("no ApproximateCreationDateTime");
        }
        long ts = Math.floorDiv(ddb.getApproximateCreationDateTime().getTime(), 1000L);
        if (ts < 0 || ts > MAX_TS) {
            throw new Uninterpretable("ApproximateCreationDateTime out of range: " + ts);
        }
        if (ddb.getKeys() == null || ddb.getKeys().isEmpty()) {
            throw new Uninterpretable("no Keys");
        }
        ObjectNode keys = AttributeValues.strict(ddb.getKeys(), "Keys");
        if (op == Op.REMOVE) {
            boolean ttl = isTtlDelete(record.getUserIdentity());
            Map<String, AttributeValue> oldImage = ddb.getOldImage();
            // a TTL removal carries the item's last state (NEW_AND_OLD_IMAGES / OLD_IMAGE streams): what TTL_DELETES=keep keeps
            ObjectNode last = ttl && oldImage != null && !oldImage.isEmpty() ? AttributeValues.strict(oldImage, "OldImage") : null;
            return new ChangeRecord(op, keys, last, seq, ts, false, ttl);
        }
        Map<String, AttributeValue> newImage = ddb.getNewImage();
        if (newImage == null || newImage.isEmpty()) {
            // KEYS_ONLY / OLD_IMAGE streams: the worker reads the item itself.
            return new ChangeRecord(op, keys, null, seq, ts, true, false);
        }
        return new ChangeRecord(op, keys, AttributeValues.strict(newImage, "NewImage"), seq, ts, false, false);
    }

    private RawRecord raw(DynamodbStreamRecord record, String reason) {
        ObjectNode raw = RawRecordJson.of(record);
        var removed = RawRecordJson.shrinkTo(raw, maxRawBytes);
        String fullReason = removed.isEmpty() ? reason
                : reason + "; " + String.join(" and ", removed) + " left out: the record exceeds the message size";
        String seq = record.getDynamodb() == null ? null : validSeq(record.getDynamodb().getSequenceNumber()).orElse(null);
        return new RawRecord(raw, fullReason, seq);
    }

    private static Op op(String eventName) {
        if (eventName == null) {
            throw new Uninterpretable("no eventName");
        }
        return switch (eventName) {
            case "INSERT" -> Op.INSERT;
            case "MODIFY" -> Op.MODIFY;
            case "REMOVE" -> Op.REMOVE;
            default -> throw new Uninterpretable("unknown eventName: " + eventName);
        };
    }

    static boolean isTtlDelete(Identity identity) {
        return identity != null && "Service".equals(identity.getType()) && TTL_PRINCIPAL.equals(identity.getPrincipalId());
    }

    private static Optional<String> validSeq(String seq) {
        return seq != null && SEQUENCE_NUMBER.matcher(seq).matches() ? Optional.of(seq) : Optional.empty();
    }

    /** Internal signal: the record lacks something a change needs. */
    private static final class Uninterpretable extends RuntimeException {
        Uninterpretable(String reason) {
            super(reason, null, false, false);
        }
    }
}
