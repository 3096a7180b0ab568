package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsEventJsonTest {
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:changes";

    private static Message message(String id, String body) {
        return Message.builder().messageId(id).receiptHandle("rh-" + id).body(body).md5OfBody("md5-" + id)
                .md5OfMessageAttributes("md5attrs-" + id)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1545082649183",
                        MessageSystemAttributeName.SENDER_ID, "AIDAIENQZJOLO23YVJ4VO",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1545082649185"))
                .messageAttributes(Map.of(
                        "table", MessageAttributeValue.builder().dataType("String").stringValue("Posts").build(),
                        "raw", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromString("bytes", StandardCharsets.UTF_8)).build()))
                .build();
    }

    @Test
    void toJson_throughRuntimeSerializer_givesEveryFieldLambdaSends() {
        String json = SqsEventJson.toJson(List.of(message("m1", "{\"k\":\"게시물\"}"), message("m2", "two")), QUEUE_ARN, "us-east-1");

        SQSEvent event = LambdaEventSerializers.serializerFor(SQSEvent.class, SQSEvent.class.getClassLoader()).fromJson(json);

        assertThat(event.getRecords()).extracting(SQSEvent.SQSMessage::getMessageId).containsExactly("m1", "m2");
        SQSEvent.SQSMessage first = event.getRecords().get(0);
        assertThat(first.getReceiptHandle()).isEqualTo("rh-m1");
        assertThat(first.getBody()).isEqualTo("{\"k\":\"게시물\"}");
        assertThat(first.getMd5OfBody()).isEqualTo("md5-m1");
        assertThat(first.getMd5OfMessageAttributes()).isEqualTo("md5attrs-m1");
        assertThat(first.getEventSource()).isEqualTo("aws:sqs");
        assertThat(first.getEventSourceArn()).isEqualTo(QUEUE_ARN);
        assertThat(first.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(first.getAttributes()).containsEntry("ApproximateReceiveCount", "2")
                .containsEntry("SentTimestamp", "1545082649183")
                .containsEntry("SenderId", "AIDAIENQZJOLO23YVJ4VO")
                .containsEntry("ApproximateFirstReceiveTimestamp", "1545082649185");
        assertThat(first.getMessageAttributes().get("table").getStringValue()).isEqualTo("Posts");
        assertThat(first.getMessageAttributes().get("table").getDataType()).isEqualTo("String");
        ByteBuffer raw = first.getMessageAttributes().get("raw").getBinaryValue();
        assertThat(StandardCharsets.UTF_8.decode(raw).toString()).isEqualTo("bytes");
    }

    @Test
    void toJson_attributeShape_matchesLambdaSample() throws Exception {
        JsonNode record = new ObjectMapper().readTree(SqsEventJson.toJson(List.of(message("m1", "b")), QUEUE_ARN, "us-east-1"))
                .get("Records").get(0);

        assertThat(record.get("eventSourceARN").asText()).isEqualTo(QUEUE_ARN);
        JsonNode table = record.get("messageAttributes").get("table");
        assertThat(table.get("stringValue").asText()).isEqualTo("Posts");
        assertThat(table.get("stringListValues").isArray()).isTrue();
        assertThat(table.get("binaryListValues").isArray()).isTrue();
        assertThat(record.get("messageAttributes").get("raw").get("binaryValue").asText()).isEqualTo("Ynl0ZXM=");
    }
}
