package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.EntryFailure;
import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class SdkStreamRecordsTest {

    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Posts/stream/2026-11-24T00:00:00.000";

    @Test
    void toLambda_getRecordsRecord_forwarderMapsItToTheSameChange() {
        Record r = Record.builder().eventID("e1").eventName(OperationType.MODIFY).eventVersion("1.1").eventSource("aws:dynamodb")
                .awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.ofEpochSecond(1_790_000_123L))
                        .keys(Map.of("id", AttributeValue.fromS("p1")))
                        .newImage(Map.of("id", AttributeValue.fromS("p1"), "n", AttributeValue.fromN("1.50"),
                                "tags", AttributeValue.fromSs(List.of("a", "b")), "bin", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                                "m", AttributeValue.fromM(Map.of("x", AttributeValue.fromBool(true), "y", AttributeValue.fromNul(true))),
                                "l", AttributeValue.fromL(List.of(AttributeValue.fromN("1")))))
                        .sequenceNumber("100000000000000000042").sizeBytes(80L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();

        ChangeEnvelope envelope = forwarded(SdkStreamRecords.toLambda(r, ARN));

        assertThat(envelope.table()).isEqualTo("Posts");
        ChangeRecord c = (ChangeRecord) envelope.records().get(0);
        assertThat(c.op()).isEqualTo(Op.MODIFY);
        assertThat(c.sequenceNumber()).isEqualTo("100000000000000000042");
        assertThat(c.ts()).isEqualTo(1_790_000_123L);
        assertThat(c.keys().toString()).isEqualTo("{\"id\":{\"S\":\"p1\"}}");
        assertThat(c.image().path("n").path("N").asText()).isEqualTo("1.50");
        assertThat(c.image().path("bin").path("B").asText()).isEqualTo("aGk=");
        assertThat(c.image().path("m").path("M").path("y").path("NULL").asBoolean()).isTrue();
        assertThat(c.image().path("tags").path("SS")).hasSize(2);
        assertThat(c.ttl()).isFalse();
    }

    @Test
    void toLambda_ttlRemove_forwarderSeesTheTtlIdentity() {
        Record r = Record.builder().eventID("e2").eventName(OperationType.REMOVE)
                .userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.ofEpochSecond(1_790_000_200L))
                        .keys(Map.of("id", AttributeValue.fromS("p2"))).sequenceNumber("100000000000000000043").build())
                .build();

        ChangeRecord c = (ChangeRecord) forwarded(SdkStreamRecords.toLambda(r, ARN)).records().get(0);

        assertThat(c.op()).isEqualTo(Op.REMOVE);
        assertThat(c.ttl()).isTrue();
    }

    /** What the forwarder's public API enqueues for one record: the one envelope it sends. */
    private static ChangeEnvelope forwarded(DynamodbStreamRecord record) {
        List<PackedMessage> sent = new ArrayList<>();
        ChangeQueue queue = (messages, observer, remainingMillis) -> {
            sent.addAll(messages);
            return List.<EntryFailure>of();
        };
        ForwarderConfig config = new ForwarderConfig(URI.create("http://localhost/000000000000/changes"),
                ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES, Optional.empty(), "us-east-1");
        assertThat(StreamForwarderHandler.forwarder(config, queue)
                .forward(List.of(record), new io.ddbsync.forwarder.metrics.InvocationMetrics(), () -> 60_000).isComplete())
                .isTrue();
        assertThat(sent).hasSize(1);
        return WireCodec.decode(sent.get(0).body());
    }
}
