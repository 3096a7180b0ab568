package io.ddbsync.localstack.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Builds the SQS event JSON Lambda sends to a function from messages received with the SDK v2 client
 * (or made up with {@link #delivered}): the one builder of this JSON for the emulated event source
 * mapping and every module's tests.
 */
public final class SqsEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEventJson() {
    }

    /**
     * {@code {"Records":[{messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody,
     * md5OfMessageAttributes?, eventSource "aws:sqs", eventSourceARN, awsRegion}]}}. The messages must have been
     * received with all system attributes and all message attributes.
     */
    public static String toJson(List<Message> messages, String queueArn, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> entry : message.messageAttributes().entrySet()) {
                messageAttributes.set(entry.getKey(), attribute(entry.getValue()));
            }
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event.toString();
    }

    /**
     * A message as SQS delivers it the first time: fresh message id and receipt handle, the body's
     * MD5, and the system attributes Lambda passes on ({@code ApproximateReceiveCount} 1).
     */
    public static Message delivered(String body) {
        return delivered(UUID.randomUUID().toString(), body, 1);
    }

    /** A message with this id, delivered for the {@code receiveCount}-th time. */
    public static Message delivered(String messageId, String body, int receiveCount) {
        String now = Long.toString(System.currentTimeMillis());
        return Message.builder().messageId(messageId).receiptHandle(UUID.randomUUID().toString().replace("-", ""))
                .body(body).md5OfBody(md5(body))
                .attributesWithStrings(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount),
                        "SentTimestamp", now, "SenderId", "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp", now))
                .build();
    }

    /** Hex MD5 of the UTF-8 body, as SQS reports it in {@code md5OfBody}. */
    public static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put("binaryValue", value.binaryValue().asByteArray());
        }
        ArrayNode strings = node.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = node.putArray("binaryListValues");
        for (SdkBytes bytes : value.binaryListValues()) {
            binaries.add(bytes.asByteArray());
        }
        node.put("dataType", value.dataType());
        return node;
    }
}
