package io.ddbsync.worker.support;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Builds the JSON Lambda sends for an SQS event source mapping and turns it into an
 * {@link SQSEvent} through the Java runtime's own serializer.
 */
public final class LambdaSqsEvents {

    private static final ObjectMapper M = new ObjectMapper();
    private static final PojoSerializer<SQSEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaSqsEvents.class.getClassLoader());
    public static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:ddbsync-changes";

    /** A message as SQS delivered it. */
    public record Delivered(String messageId, String receiptHandle, String body, Map<String, String> attributes) {

        public static Delivered fresh(String body) {
            long now = System.currentTimeMillis();
            return new Delivered(UUID.randomUUID().toString(), UUID.randomUUID().toString().replace("-", ""), body,
                    Map.of("ApproximateReceiveCount", "1", "SentTimestamp", Long.toString(now),
                            "SenderId", "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp", Long.toString(now)));
        }

        public static Delivered of(Message m) {
            return new Delivered(m.messageId(), m.receiptHandle(), m.body(), m.attributesAsStrings());
        }
    }

    private LambdaSqsEvents() {
    }

    public static SQSEvent fromBodies(List<String> bodies) {
        return event(bodies.stream().map(Delivered::fresh).toList());
    }

    public static String json(List<Delivered> messages) {
        ObjectNode root = M.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Delivered d : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", d.messageId());
            r.put("receiptHandle", d.receiptHandle());
            r.put("body", d.body());
            ObjectNode attributes = r.putObject("attributes");
            d.attributes().forEach(attributes::put);
            r.putObject("messageAttributes");
            r.put("md5OfBody", md5(d.body()));
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", QUEUE_ARN);
            r.put("awsRegion", "us-east-1");
        }
        return root.toString();
    }

    public static SQSEvent event(List<Delivered> messages) {
        return SERIALIZER.fromJson(json(messages));
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
