package io.ddbsync.localstack.esm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The invocation record Lambda writes for a stream batch it gives up on (retries exhausted or records too old), and
 * what each kind of on-failure destination receives of it. Source: AWS Lambda Developer Guide, "Retain discarded
 * records for a DynamoDB event source in Lambda"
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html): "Each record sent to the destination
 * is a JSON document containing metadata about the failed invocation. For Amazon S3 destinations, Lambda also sends
 * the entire invocation record along with the metadata."
 *
 * <ul>
 *   <li>{@link #metadataJson()} — what an SQS queue or SNS topic gets: {@code requestContext} (requestId, functionArn,
 *       condition, approximateInvokeCount), {@code responseContext} (statusCode, executedVersion, functionError when the
 *       last invocation threw or timed out), {@code version} "1.0", {@code timestamp} (UTC, milliseconds) and
 *       {@code DDBStreamBatchInfo} (shardId, start/end sequence number, approximate arrival of the first and last record
 *       in UTC seconds, batchSize, streamArn). The records must be read again from the stream, within its 24 h.</li>
 *   <li>{@link #withPayloadJson()} — what an S3 bucket gets: the same fields plus {@code payload}, the whole event of
 *       the discarded records as the function receives it ({@code {"Records":[…]}}, a JSON object, not a string). The
 *       guide shows the field as {@code "payload": "<Whole Event>"}; that it is the event object is what Lambda wrote in
 *       a recording against AWS (LocalStack's AWS-validated snapshot of
 *       {@code test_dynamodb_event_source_mapping_with_s3_on_failure_destination}, 2025-11-25).</li>
 *   <li>{@link #s3ObjectKey(UUID)} — the object's key, the guide's naming convention
 *       {@code aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>}, date and time those of
 *       {@link #timestamp} in UTC.</li>
 * </ul>
 * For {@code RecordAgeExceeded} the records were never sent to the function; the payload is the event they would have
 * formed.
 *
 * @param requestId              the last invocation's request id (a fresh one when none was invoked)
 * @param functionArn            {@code arn:aws:lambda:<region>:<account>:function:<name>}
 * @param condition              {@link #RETRY_ATTEMPTS_EXHAUSTED} or {@link #RECORD_AGE_EXCEEDED}
 * @param approximateInvokeCount invocations that included these records (0 when too old to invoke)
 * @param functionError          {@code Unhandled} when the last invocation threw or timed out; null when it returned
 *                               (reported item failures) or none was made
 * @param timestamp              when the mapping gave up
 * @param eventSourceMappingUuid the mapping's UUID (Lambda's {@code UUID} of CreateEventSourceMapping)
 * @param shardId                the shard the records come from
 * @param streamArn              the stream
 * @param records                the discarded records in shard order, at least one
 * @param eventJson              the event of exactly these records, {@code {"Records":[…]}}, as {@link StreamEventJson}
 *                               builds it for the function
 */
public record OnFailureRecord(String requestId, String functionArn, String condition, int approximateInvokeCount,
                              String functionError, Instant timestamp, String eventSourceMappingUuid, String shardId,
                              String streamArn, List<Record> records, String eventJson) {
    /** The batch failed {@code MaximumRetryAttempts + 1} times. */
    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    /** The batch's records were older than {@code MaximumRecordAgeInSeconds}. */
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd/yyyy-MM-dd'T'HH.mm.ss")
            .withZone(ZoneOffset.UTC);

    public OnFailureRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(eventSourceMappingUuid, "eventSourceMappingUuid");
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(eventJson, "eventJson");
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new EsmException("an on-failure record needs at least one record (shard " + shardId + ")");
        }
    }

    /** The record as an SQS queue or SNS topic receives it: metadata only. */
    public String metadataJson() {
        return metadata().toString();
    }

    /**
     * The record as an S3 bucket receives it: the metadata and {@code payload}, the event object.
     *
     * @throws EsmException when {@link #eventJson} is not JSON
     */
    public String withPayloadJson() {
        ObjectNode root = metadata();
        try {
            root.set("payload", JSON.readTree(eventJson));
        } catch (JsonProcessingException e) {
            throw new EsmException("the event of shard " + shardId + " from " + firstSequenceNumber() + " is not JSON", e);
        }
        return root.toString();
    }

    /** {@code aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<randomUuid>}. */
    public String s3ObjectKey(UUID randomUuid) {
        return "aws/lambda/" + eventSourceMappingUuid + "/" + shardId + "/" + KEY_TIME.format(timestamp) + "-" + randomUuid;
    }

    /** The sequence number of the first discarded record. */
    public String firstSequenceNumber() {
        return records.get(0).dynamodb().sequenceNumber();
    }

    /** The sequence number of the last discarded record. */
    public String lastSequenceNumber() {
        return records.get(records.size() - 1).dynamodb().sequenceNumber();
    }

    private ObjectNode metadata() {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("requestContext").put("requestId", requestId).put("functionArn", functionArn)
                .put("condition", condition).put("approximateInvokeCount", approximateInvokeCount);
        ObjectNode response = root.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST");
        if (functionError != null) {
            response.put("functionError", functionError);
        }
        root.put("version", "1.0");
        root.put("timestamp", MILLIS.format(timestamp));
        root.putObject("DDBStreamBatchInfo")
                .put("shardId", shardId)
                .put("startSequenceNumber", firstSequenceNumber())
                .put("endSequenceNumber", lastSequenceNumber())
                .put("approximateArrivalOfFirstRecord", arrival(records.get(0)))
                .put("approximateArrivalOfLastRecord", arrival(records.get(records.size() - 1)))
                .put("batchSize", records.size())
                .put("streamArn", streamArn);
        return root;
    }

    private static String arrival(Record record) {
        Instant created = record.dynamodb().approximateCreationDateTime();
        return created == null ? null : created.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
