package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

class OnFailureRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ESM = "6a4c2f0e-8b1d-4e5f-9a7b-3c2d1e0f9a8b";

    private static OnFailureRecord record(String condition, String functionError, Instant at, List<Record> records) {
        return new OnFailureRecord("req-1", "arn:aws:lambda:us-east-1:000000000000:function:fwd", condition, 3, functionError,
                at, ESM, "shardId-00000001732000000000-1a2b3c4d", StreamRecords.STREAM_ARN, records,
                StreamEventJson.toJson(records, StreamRecords.STREAM_ARN, "us-east-1"));
    }

    @Test
    void metadataJson_retriesExhausted_hasLambdasShapeWithoutPayload() throws Exception {
        OnFailureRecord record = record(OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED, "Unhandled",
                Instant.parse("2026-11-24T10:00:09.700Z"), StreamRecords.records(2, 4));

        JsonNode root = JSON.readTree(record.metadataJson());

        assertThat(root.get("requestContext").get("requestId").asText()).isEqualTo("req-1");
        assertThat(root.get("requestContext").get("functionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:fwd");
        assertThat(root.get("requestContext").get("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(root.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(root.get("responseContext").get("statusCode").asInt()).isEqualTo(200);
        assertThat(root.get("responseContext").get("executedVersion").asText()).isEqualTo("$LATEST");
        assertThat(root.get("responseContext").get("functionError").asText()).isEqualTo("Unhandled");
        assertThat(root.get("version").asText()).isEqualTo("1.0");
        assertThat(root.get("timestamp").asText()).isEqualTo("2026-11-24T10:00:09.700Z");
        JsonNode info = root.get("DDBStreamBatchInfo");
        assertThat(info.get("shardId").asText()).isEqualTo("shardId-00000001732000000000-1a2b3c4d");
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(StreamRecords.seq(2));
        assertThat(info.get("endSequenceNumber").asText()).isEqualTo(StreamRecords.seq(4));
        assertThat(info.get("approximateArrivalOfFirstRecord").asText()).isEqualTo("2026-11-24T10:00:02Z");
        assertThat(info.get("approximateArrivalOfLastRecord").asText()).isEqualTo("2026-11-24T10:00:04Z");
        assertThat(info.get("batchSize").asInt()).isEqualTo(3);
        assertThat(info.get("streamArn").asText()).isEqualTo(StreamRecords.STREAM_ARN);
        assertThat(root.has("payload")).isFalse();
    }

    @Test
    void metadataJson_noFunctionError_omitsIt() throws Exception {
        JsonNode root = JSON.readTree(record(OnFailureRecord.RECORD_AGE_EXCEEDED, null, Instant.EPOCH,
                StreamRecords.records(1, 1)).metadataJson());

        assertThat(root.get("responseContext").has("functionError")).isFalse();
        assertThat(root.get("requestContext").get("condition").asText()).isEqualTo("RecordAgeExceeded");
    }

    @Test
    void withPayloadJson_s3Record_isTheMetadataPlusTheEventObjectTheFunctionReads() throws Exception {
        OnFailureRecord record = record(OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED, "Unhandled",
                Instant.parse("2026-11-24T10:00:09.700Z"), StreamRecords.records(2, 4));

        JsonNode root = JSON.readTree(record.withPayloadJson());
        JsonNode payload = root.get("payload");
        DynamodbEvent event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamodbEvent.class.getClassLoader())
                .fromJson(payload.toString());

        JsonNode metadata = JSON.readTree(record.metadataJson());
        metadata.fieldNames().forEachRemaining(field -> assertThat(root.get(field)).as(field).isEqualTo(metadata.get(field)));
        assertThat(payload.isObject()).isTrue();
        assertThat(payload).isEqualTo(JSON.readTree(record.eventJson()));
        assertThat(event.getRecords()).extracting(r -> r.getDynamodb().getSequenceNumber())
                .containsExactly(StreamRecords.seq(2), StreamRecords.seq(3), StreamRecords.seq(4));
        assertThat(event.getRecords().get(0).getDynamodb().getNewImage().get("n").getN()).isEqualTo("2");
        assertThat(event.getRecords().get(0).getEventSourceARN()).isEqualTo(StreamRecords.STREAM_ARN);
    }

    @Test
    void s3ObjectKey_lambdasNamingConvention_fromTheRecordsUtcTimestamp() {
        OnFailureRecord record = record(OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED, "Unhandled",
                Instant.parse("2026-01-02T03:04:05.678Z"), StreamRecords.records(1, 1));
        UUID random = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

        assertThat(record.s3ObjectKey(random)).isEqualTo("aws/lambda/" + ESM + "/shardId-00000001732000000000-1a2b3c4d/"
                + "2026/01/02/2026-01-02T03.04.05-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    }

    @Test
    void new_noRecords_refusedNamingTheShard() {
        assertThatThrownBy(() -> record(OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED, null, Instant.EPOCH, List.of()))
                .isInstanceOf(EsmException.class).hasMessageContaining("shardId-00000001732000000000-1a2b3c4d");
    }
}
