package io.ddbsync.localstack.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Builds the DynamoDB Streams event JSON Lambda sends to a function from SDK v2 stream records. */
public final class StreamEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamEventJson() {
    }

    /**
     * {@code {"Records":[{eventID, eventName, eventVersion, eventSource "aws:dynamodb", awsRegion, dynamodb{
     * ApproximateCreationDateTime (epoch seconds), Keys, NewImage?, OldImage?, SequenceNumber, SizeBytes,
     * StreamViewType}, eventSourceARN, userIdentity?}]}}; attribute values in DynamoDB JSON (binary as base64).
     */
    public static String toJson(List<Record> records, String streamArn, String defaultRegion) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            ObjectNode node = array.addObject();
            node.put("eventID", record.eventID());
            node.put("eventName", record.eventNameAsString());
            node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
            node.put("eventSource", "aws:dynamodb");
            node.put("awsRegion", record.awsRegion() == null ? defaultRegion : record.awsRegion());
            node.set("dynamodb", streamRecord(record.dynamodb()));
            node.put("eventSourceARN", streamArn);
            if (record.userIdentity() != null) {
                node.putObject("userIdentity").put("type", record.userIdentity().type())
                        .put("principalId", record.userIdentity().principalId());
            }
        }
        return event.toString();
    }

    private static ObjectNode streamRecord(StreamRecord record) {
        ObjectNode node = JSON.createObjectNode();
        if (record.approximateCreationDateTime() != null) {
            node.put("ApproximateCreationDateTime", record.approximateCreationDateTime().getEpochSecond());
        }
        if (record.hasKeys()) {
            node.set("Keys", item(record.keys()));
        }
        if (record.hasNewImage()) {
            node.set("NewImage", item(record.newImage()));
        }
        if (record.hasOldImage()) {
            node.set("OldImage", item(record.oldImage()));
        }
        node.put("SequenceNumber", record.sequenceNumber());
        if (record.sizeBytes() != null) {
            node.put("SizeBytes", record.sizeBytes());
        }
        node.put("StreamViewType", record.streamViewTypeAsString());
        return node;
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", value.b().asByteArray());
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode array = node.putArray("BS");
                for (SdkBytes bytes : value.bs()) {
                    array.add(bytes.asByteArray());
                }
            }
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode array = node.putArray("L");
                value.l().forEach(element -> array.add(value(element)));
            }
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            default -> throw new EsmException("attribute value of unknown type " + value);
        }
        return node;
    }
}
