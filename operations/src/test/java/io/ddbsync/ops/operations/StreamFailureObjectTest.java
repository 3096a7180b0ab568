package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The invocation record of an S3 on-failure destination, in the layout of the Lambda Developer Guide ("Retaining
 * records from DynamoDB event sources": the SQS metadata plus {@code payload}, the whole event; records as in its
 * "Example DynamoDB Streams event").
 */
class StreamFailureObjectTest {

    private static final ObjectMapper M = new ObjectMapper();

    static String fixture() throws IOException {
        try (InputStream in = StreamFailureObjectTest.class.getResourceAsStream("/on-failure/s3-invocation-record.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parse_awsInvocationRecord_rangeAndRecordsAsTheFunctionGetsThem() throws IOException {
        StreamFailureObject o = StreamFailureObject.parse(fixture());

        assertThat(o.range().shardId()).isEqualTo("shardId-00000001573689847184-864758bb");
        assertThat(o.range().startSequenceNumber()).isEqualTo("111");
        assertThat(o.range().endSequenceNumber()).isEqualTo("222");
        assertThat(o.range().tableName()).isEqualTo("ExampleTableWithStream");
        assertThat(o.records()).hasSize(2);
        assertThat(o.records().get(0).getEventName()).isEqualTo("INSERT");
        assertThat(o.records().get(0).getDynamodb().getNewImage().get("Id").getN()).isEqualTo("101");
        assertThat(o.records().get(1).getEventName()).isEqualTo("MODIFY");
        assertThat(o.records().get(1).getDynamodb().getOldImage().get("Message").getS()).isEqualTo("New item!");
        assertThat(o.records().get(1).getDynamodb().getApproximateCreationDateTime().toInstant())
                .isEqualTo(Instant.ofEpochSecond(1573691885));
        assertThat(o.records().get(1).getEventSourceARN()).endsWith("table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899");
        assertThat(o.holdsRange()).isTrue();
    }

    @Test
    void parse_payloadAsStringOfTheEvent_sameRecords() throws IOException {
        ObjectNode root = (ObjectNode) M.readTree(fixture());
        root.put("payload", root.get("payload").toString());

        StreamFailureObject o = StreamFailureObject.parse(root.toString());

        assertThat(o.records()).extracting(r -> r.getDynamodb().getSequenceNumber()).containsExactly("111", "222");
        assertThat(o.holdsRange()).isTrue();
    }

    @Test
    void parse_metadataOnly_noRecordsAndRangeNotHeld() throws IOException {
        ObjectNode root = (ObjectNode) M.readTree(fixture());
        root.remove("payload");

        StreamFailureObject o = StreamFailureObject.parse(root.toString());

        assertThat(o.records()).isEmpty();
        assertThat(o.holdsRange()).isFalse();
    }

    @Test
    void parse_payloadMissingARecord_rangeNotHeld() throws IOException {
        ObjectNode root = (ObjectNode) M.readTree(fixture());
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("payload").get("Records")).remove(1);

        assertThat(StreamFailureObject.parse(root.toString()).holdsRange()).isFalse();
    }

    @Test
    void parse_recordWithoutSequenceNumber_rejectedNamingTheRange() throws IOException {
        ObjectNode root = (ObjectNode) M.readTree(fixture());
        ((ObjectNode) root.get("payload").get("Records").get(0).get("dynamodb")).remove("SequenceNumber");

        assertThatThrownBy(() -> StreamFailureObject.parse(root.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SequenceNumber")
                .hasMessageContaining("shardId-00000001573689847184-864758bb 111..222");
    }

    @Test
    void keyTime_lambdaObjectKey_utcInstant() {
        assertThat(S3FailureReplay.keyTime("aws/lambda/0f2e6a1c-4b5d-4e8f-9a0b-1c2d3e4f5a6b/shardId-000001/2026/12/05/"
                + "2026-12-05T01.02.03-7e1f3a2b-9c4d-4e5f-8a6b-7c8d9e0f1a2b")).contains(Instant.parse("2026-12-05T01:02:03Z"));
        assertThat(S3FailureReplay.keyTime("other/key")).isEmpty();
    }

    @Test
    void tableName_notAStreamArn_rejected() {
        StreamFailureRecord r = new StreamFailureRecord("arn:aws:sqs:us-east-1:1:q", "s", "1", "2", 2, null);
        assertThatThrownBy(r::tableName).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arn:aws:sqs");
    }
}
