package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class StreamEventJsonTest {
    private static final software.amazon.awssdk.services.dynamodb.model.AttributeValue.Builder V =
            software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();

    private static Record modify() {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> newImage = Map.of(
                "id", V.copy().s("post-1").build(),
                "views", V.copy().n("12345678901234567890.5").build(),
                "blocks", V.copy().l(V.copy().m(Map.of("type", V.copy().s("paragraph").build(),
                        "text", V.copy().s("안녕하세요").build())).build()).build(),
                "raw", V.copy().b(SdkBytes.fromString("bin", StandardCharsets.UTF_8)).build(),
                "tags", V.copy().ss("a", "b").build(),
                "scores", V.copy().ns("1", "2.5").build(),
                "blobs", V.copy().bs(SdkBytes.fromString("x", StandardCharsets.UTF_8)).build(),
                "draft", V.copy().bool(false).build(),
                "deletedAt", V.copy().nul(true).build());
        return Record.builder().eventID("c4ca4238a0b923820dcc509a6f75849b").eventName(OperationType.MODIFY).eventVersion("1.1")
                .eventSource("aws:dynamodb").awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(StreamRecords.CREATED)
                        .keys(Map.of("id", V.copy().s("post-1").build()))
                        .oldImage(Map.of("id", V.copy().s("post-1").build(), "views", V.copy().n("1").build()))
                        .newImage(newImage)
                        .sequenceNumber("111122223333444455556666").sizeBytes(321L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
                .build();
    }

    @Test
    void toJson_throughRuntimeSerializer_givesEveryField() {
        String json = StreamEventJson.toJson(List.of(modify()), StreamRecords.STREAM_ARN, "us-east-1");

        DynamodbEvent event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamodbEvent.class.getClassLoader()).fromJson(json);

        DynamodbEvent.DynamodbStreamRecord record = event.getRecords().get(0);
        assertThat(record.getEventID()).isEqualTo("c4ca4238a0b923820dcc509a6f75849b");
        assertThat(record.getEventName()).isEqualTo("MODIFY");
        assertThat(record.getEventVersion()).isEqualTo("1.1");
        assertThat(record.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getEventSourceARN()).isEqualTo(StreamRecords.STREAM_ARN);
        assertThat(record.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(record.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        var dynamodb = record.getDynamodb();
        assertThat(dynamodb.getApproximateCreationDateTime().toInstant()).isEqualTo(StreamRecords.CREATED);
        assertThat(dynamodb.getSequenceNumber()).isEqualTo("111122223333444455556666");
        assertThat(dynamodb.getSizeBytes()).isEqualTo(321L);
        assertThat(dynamodb.getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(dynamodb.getKeys()).containsOnlyKeys("id");
        assertThat(dynamodb.getOldImage().get("views").getN()).isEqualTo("1");
        Map<String, AttributeValue> image = dynamodb.getNewImage();
        assertThat(image.get("views").getN()).isEqualTo("12345678901234567890.5");
        assertThat(image.get("blocks").getL().get(0).getM().get("text").getS()).isEqualTo("안녕하세요");
        assertThat(StandardCharsets.UTF_8.decode(image.get("raw").getB()).toString()).isEqualTo("bin");
        assertThat(image.get("tags").getSS()).containsExactly("a", "b");
        assertThat(image.get("scores").getNS()).containsExactly("1", "2.5");
        assertThat(StandardCharsets.UTF_8.decode(image.get("blobs").getBS().get(0)).toString()).isEqualTo("x");
        assertThat(image.get("draft").getBOOL()).isFalse();
        assertThat(image.get("deletedAt").getNULL()).isTrue();
    }

    @Test
    void toJson_creationTime_isEpochSecondsNumber() throws Exception {
        JsonNode dynamodb = new ObjectMapper().readTree(StreamEventJson.toJson(List.of(modify()), StreamRecords.STREAM_ARN, "us-east-1"))
                .get("Records").get(0).get("dynamodb");

        assertThat(dynamodb.get("ApproximateCreationDateTime").isIntegralNumber()).isTrue();
        assertThat(dynamodb.get("ApproximateCreationDateTime").asLong()).isEqualTo(StreamRecords.CREATED.getEpochSecond());
        assertThat(dynamodb.get("SequenceNumber").isTextual()).isTrue();
        assertThat(dynamodb.get("NewImage").get("raw").get("B").asText()).isEqualTo("Ymlu");
    }

    @Test
    void toJson_insertWithoutIdentity_hasNoOldImageNorUserIdentity() throws Exception {
        JsonNode record = new ObjectMapper().readTree(StreamEventJson.toJson(List.of(StreamRecords.record(1)), StreamRecords.STREAM_ARN, "us-east-1"))
                .get("Records").get(0);

        assertThat(record.get("eventName").asText()).isEqualTo("INSERT");
        assertThat(record.has("userIdentity")).isFalse();
        assertThat(record.get("dynamodb").has("OldImage")).isFalse();
    }
}
