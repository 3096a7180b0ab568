package io.ddbsync.forwarder.internal.map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A stream record written back as the JSON Lambda delivers (same field names, DynamoDB JSON
 * attributes, ApproximateCreationDateTime in epoch seconds), without any validation: what travels
 * in a {@code raw} wire record. An attribute of a type the runtime did not recognise arrives here
 * as {@code {}} because the runtime's deserializer drops unknown type keys.
 */
public final class RawRecordJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RawRecordJson() {
    }

    public static ObjectNode of(DynamodbStreamRecord record) {
        ObjectNode out = JSON.objectNode();
        putIfPresent(out, "eventID", record.getEventID());
        putIfPresent(out, "eventName", record.getEventName());
        putIfPresent(out, "eventVersion", record.getEventVersion());
        putIfPresent(out, "eventSource", record.getEventSource());
        putIfPresent(out, "awsRegion", record.getAwsRegion());
        StreamRecord ddb = record.getDynamodb();
        if (ddb != null) {
            ObjectNode d = out.putObject("dynamodb");
            if (ddb.getApproximateCreationDateTime() != null) {
                d.put("ApproximateCreationDateTime", Math.floorDiv(ddb.getApproximateCreationDateTime().getTime(), 1000L));
            }
            if (ddb.getKeys() != null) {
                d.set("Keys", AttributeValues.lenient(ddb.getKeys()));
            }
            if (ddb.getNewImage() != null) {
                d.set("NewImage", AttributeValues.lenient(ddb.getNewImage()));
            }
            if (ddb.getOldImage() != null) {
                d.set("OldImage", AttributeValues.lenient(ddb.getOldImage()));
            }
            putIfPresent(d, "SequenceNumber", ddb.getSequenceNumber());
            if (ddb.getSizeBytes() != null) {
                d.put("SizeBytes", ddb.getSizeBytes());
            }
            putIfPresent(d, "StreamViewType", ddb.getStreamViewType());
        }
        Identity identity = record.getUserIdentity();
        if (identity != null) {
            ObjectNode id = out.putObject("userIdentity");
            putIfPresent(id, "type", identity.getType());
            putIfPresent(id, "principalId", identity.getPrincipalId());
        }
        putIfPresent(out, "eventSourceARN", record.getEventSourceARN());
        return out;
    }

    /**
     * Removes the images from {@code raw} (OldImage first, then NewImage) until its JSON fits in
     * {@code maxBytes}; returns the names of what was removed, empty when nothing was. Keys and
     * sequence number always stay, so the item can be found again.
     */
    public static java.util.List<String> shrinkTo(ObjectNode raw, int maxBytes) {
        java.util.List<String> removed = new java.util.ArrayList<>();
        ObjectNode ddb = raw.get("dynamodb") instanceof ObjectNode o ? o : null;
        for (String image : new String[] {"OldImage", "NewImage"}) {
            if (utf8Bytes(raw) <= maxBytes || ddb == null) {
                break;
            }
            if (ddb.remove(image) != null) {
                removed.add(image);
            }
        }
        return removed;
    }

    public static int utf8Bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
