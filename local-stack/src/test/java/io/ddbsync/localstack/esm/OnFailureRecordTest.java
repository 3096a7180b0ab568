package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OnFailureRecordTest {

    @Test
    void toJson_retriesExhausted_hasLambdasShape() throws Exception {
        String json = OnFailureRecord.toJson("req-1", "arn:aws:lambda:us-east-1:000000000000:function:fwd",
                OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED, 3, "Unhandled", Instant.parse("2026-11-24T10:00:09.700Z"),
                "shardId-1", StreamRecords.STREAM_ARN, StreamRecords.records(2, 4));

        JsonNode root = new ObjectMapper().readTree(json);
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
        assertThat(info.get("shardId").asText()).isEqualTo("shardId-1");
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(StreamRecords.seq(2));
        assertThat(info.get("endSequenceNumber").asText()).isEqualTo(StreamRecords.seq(4));
        assertThat(info.get("approximateArrivalOfFirstRecord").asText()).isEqualTo("2026-11-24T10:00:02Z");
        assertThat(info.get("approximateArrivalOfLastRecord").asText()).isEqualTo("2026-11-24T10:00:04Z");
        assertThat(info.get("batchSize").asInt()).isEqualTo(3);
        assertThat(info.get("streamArn").asText()).isEqualTo(StreamRecords.STREAM_ARN);
    }

    @Test
    void toJson_noFunctionError_omitsIt() throws Exception {
        String json = OnFailureRecord.toJson("req", "arn", OnFailureRecord.RECORD_AGE_EXCEEDED, 0, null, Instant.EPOCH,
                "s", StreamRecords.STREAM_ARN, StreamRecords.records(1, 1));

        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("responseContext").has("functionError")).isFalse();
        assertThat(root.get("requestContext").get("condition").asText()).isEqualTo("RecordAgeExceeded");
    }
}
