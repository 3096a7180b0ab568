package io.ddbsync.ops.operations;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * One object of an S3 on-failure destination: the invocation record Lambda writes for a DynamoDB stream batch it
 * gave up on. Source: AWS Lambda Developer Guide, "Retaining records from DynamoDB event sources"
 * (services-dynamodb-errors): "For Amazon S3 destinations, Lambda also sends the entire invocation record along with
 * the metadata". Shape: the metadata an SQS destination gets ({@code requestContext}, {@code responseContext},
 * {@code version}, {@code timestamp}, {@code DDBStreamBatchInfo}: {@link StreamFailureRecord}) plus {@code payload},
 * the event as the function receives it ({@code {"Records":[…]}}); the guide prints it as {@code "<Whole Event>"}, so
 * a payload given as a string holding that JSON is read too.
 *
 * <p>The records are read with the Lambda Java runtime's own serializer ({@code aws-lambda-java-serialization}), as
 * the forwarder receives them: a plain {@code ObjectMapper} misreads DynamoDB events.
 *
 * @param range   the batch's shard and sequence range, from {@code DDBStreamBatchInfo}
 * @param records the batch's records in shard order; empty when the object has no payload
 */
public record StreamFailureObject(StreamFailureRecord range, List<DynamodbStreamRecord> records) {

    private static final ObjectMapper M = new ObjectMapper();
    private static final PojoSerializer<DynamodbEvent> EVENTS =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamFailureObject.class.getClassLoader());

    public StreamFailureObject {
        Objects.requireNonNull(range, "range");
        records = List.copyOf(records);
    }

    /**
     * Parses an object's content.
     *
     * @throws IllegalArgumentException when it is not JSON, has no valid {@code DDBStreamBatchInfo}, or its
     *                                  {@code payload} is not a DynamoDB event (the message names which)
     */
    public static StreamFailureObject parse(String json) {
        StreamFailureRecord range = StreamFailureRecord.parse(json);
        JsonNode payload;
        try {
            payload = M.readTree(json).get("payload");
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (payload == null || payload.isNull()) {
            return new StreamFailureObject(range, List.of());
        }
        String event = payload.isTextual() ? payload.asText() : payload.toString();
        DynamodbEvent parsed;
        try {
            parsed = EVENTS.fromJson(event);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the payload of " + range.describe() + " is not a DynamoDB event: " + e.getMessage(), e);
        }
        List<DynamodbStreamRecord> records = parsed == null || parsed.getRecords() == null ? List.of() : parsed.getRecords();
        for (DynamodbStreamRecord r : records) {
            if (r == null || r.getDynamodb() == null || r.getDynamodb().getSequenceNumber() == null) {
                throw new IllegalArgumentException("the payload of " + range.describe() + " has a record without dynamodb.SequenceNumber");
            }
        }
        return new StreamFailureObject(range, records);
    }

    /**
     * True when the payload holds the whole range: its first and last records are the range's start and end, and it
     * holds {@code batchSize} records (when the metadata gives one). Otherwise the records must come from the stream.
     */
    public boolean holdsRange() {
        if (records.isEmpty()) {
            return false;
        }
        String first = records.get(0).getDynamodb().getSequenceNumber();
        String last = records.get(records.size() - 1).getDynamodb().getSequenceNumber();
        return first.equals(range.startSequenceNumber()) && last.equals(range.endSequenceNumber())
                && (range.batchSize() <= 0 || range.batchSize() == records.size());
    }
}
