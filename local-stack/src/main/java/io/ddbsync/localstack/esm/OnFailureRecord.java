package io.ddbsync.localstack.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The invocation record Lambda sends to a stream mapping's on-failure destination: metadata of the batch it
 * gave up on (shard, first and last sequence number, arrival times, size, stream), not the records.
 */
public final class OnFailureRecord {
    /** The batch failed {@code MaximumRetryAttempts + 1} times. */
    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    /** The batch's records were older than {@code MaximumRecordAgeInSeconds}. */
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private OnFailureRecord() {
    }

    /**
     * @param functionError {@code Unhandled} when the last invocation threw or timed out; null when the function
     *                      returned (reported item failures) or was not invoked (record age)
     */
    public static String toJson(String requestId, String functionArn, String condition, int approximateInvokeCount,
                                String functionError, Instant timestamp, String shardId, String streamArn, List<Record> batch) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("requestContext").put("requestId", requestId).put("functionArn", functionArn)
                .put("condition", condition).put("approximateInvokeCount", approximateInvokeCount);
        ObjectNode response = root.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST");
        if (functionError != null) {
            response.put("functionError", functionError);
        }
        root.put("version", "1.0");
        root.put("timestamp", MILLIS.format(timestamp));
        Record first = batch.get(0);
        Record last = batch.get(batch.size() - 1);
        root.putObject("DDBStreamBatchInfo")
                .put("shardId", shardId)
                .put("startSequenceNumber", first.dynamodb().sequenceNumber())
                .put("endSequenceNumber", last.dynamodb().sequenceNumber())
                .put("approximateArrivalOfFirstRecord", arrival(first))
                .put("approximateArrivalOfLastRecord", arrival(last))
                .put("batchSize", batch.size())
                .put("streamArn", streamArn);
        return root.toString();
    }

    private static String arrival(Record record) {
        Instant created = record.dynamodb().approximateCreationDateTime();
        return created == null ? null : created.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
