package io.ddbsync.localstack.esm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** SDK v2 stream records for unit tests: sequence numbers of 21 digits, one item per record. */
final class StreamRecords {
    static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Posts/stream/2026-11-24T00:00:00.000";
    static final Instant CREATED = Instant.parse("2026-11-24T10:00:00Z");

    private StreamRecords() {
    }

    /** The sequence number of record {@code i} (1-based): 21 digits, beyond a long. */
    static String seq(int i) {
        return "9" + String.format("%020d", i);
    }

    static Record record(int i) {
        return Record.builder().eventID("event-" + i).eventName(OperationType.INSERT).eventVersion("1.1")
                .eventSource("aws:dynamodb").awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(CREATED.plusSeconds(i))
                        .keys(Map.of("id", AttributeValue.fromS("post-" + i)))
                        .newImage(Map.of("id", AttributeValue.fromS("post-" + i), "n", AttributeValue.fromN(Integer.toString(i))))
                        .sequenceNumber(seq(i)).sizeBytes(20L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();
    }

    /** Records {@code from}..{@code to} inclusive. */
    static List<Record> records(int from, int to) {
        List<Record> records = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            records.add(record(i));
        }
        return records;
    }
}
