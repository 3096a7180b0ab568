package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Lambda sends to a DynamoDB stream event source mapping's on-failure destination: metadata
 * only, under {@code DDBStreamBatchInfo} ({@code shardId, startSequenceNumber, endSequenceNumber,
 * streamArn, batchSize, approximateArrivalOf…}); the records must be re-read from the stream.
 */
public record StreamFailureRecord(String streamArn, String shardId, String startSequenceNumber, String endSequenceNumber,
                                  int batchSize, String condition) {

    private static final ObjectMapper M = new ObjectMapper();
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,40}");
    private static final Pattern STREAM_ARN = Pattern.compile("arn:[^:]+:dynamodb:[^:]*:[^:]*:table/([^/]+)/stream/.+");

    public StreamFailureRecord {
        require(streamArn, "streamArn");
        require(shardId, "shardId");
        require(startSequenceNumber, "startSequenceNumber");
        require(endSequenceNumber, "endSequenceNumber");
        if (!SEQ.matcher(startSequenceNumber).matches() || !SEQ.matcher(endSequenceNumber).matches()) {
            throw new IllegalArgumentException("sequence numbers must be decimal: " + startSequenceNumber + ".." + endSequenceNumber);
        }
        if (new BigInteger(startSequenceNumber).compareTo(new BigInteger(endSequenceNumber)) > 0) {
            throw new IllegalArgumentException("startSequenceNumber " + startSequenceNumber + " is after endSequenceNumber "
                    + endSequenceNumber);
        }
    }

    /** Parses an on-failure message body; throws {@link IllegalArgumentException} naming what is missing. */
    public static StreamFailureRecord parse(String body) {
        JsonNode root;
        try {
            root = M.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        JsonNode info = root == null ? null : root.get("DDBStreamBatchInfo");
        if (info == null || !info.isObject()) {
            throw new IllegalArgumentException("no DDBStreamBatchInfo object (not a DynamoDB stream on-failure record)");
        }
        return new StreamFailureRecord(text(info, "streamArn"), text(info, "shardId"), text(info, "startSequenceNumber"),
                text(info, "endSequenceNumber"), info.path("batchSize").asInt(0),
                root.path("requestContext").path("condition").asText(null));
    }

    /** True when {@code seq} is after this range's end. */
    public boolean isAfterEnd(String seq) {
        return new BigInteger(seq).compareTo(new BigInteger(endSequenceNumber)) > 0;
    }

    /** True when {@code seq} is before this range's start. */
    public boolean isBeforeStart(String seq) {
        return new BigInteger(seq).compareTo(new BigInteger(startSequenceNumber)) < 0;
    }

    /**
     * The table of {@link #streamArn}, from its form {@code arn:aws:dynamodb:<region>:<account>:table/<TableName>/stream/<label>}.
     *
     * @throws IllegalArgumentException when the ARN is not a DynamoDB stream ARN
     */
    public String tableName() {
        return tableOf(streamArn).orElseThrow(() -> new IllegalArgumentException("not a DynamoDB stream ARN: " + streamArn));
    }

    /** The table of a stream ARN of the form {@code arn:aws:dynamodb:<region>:<account>:table/<TableName>/stream/<label>}; empty for another string. */
    public static java.util.Optional<String> tableOf(String streamArn) {
        Matcher m = STREAM_ARN.matcher(streamArn);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    public String describe() {
        return shardId + " " + startSequenceNumber + ".." + endSequenceNumber + " of " + streamArn;
    }

    private static String text(JsonNode info, String field) {
        JsonNode v = info.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void require(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("DDBStreamBatchInfo." + field + " is missing");
        }
    }
}
