package io.ddbsync.forwarder.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * Generates DynamoDB stream events as Lambda delivers them (JSON text), for batches too big to keep
 * as files: {@code count} records of one table, alternating INSERT/MODIFY with every tenth a REMOVE,
 * each NewImage padded so the item is about {@code itemBytes} bytes.
 */
public final class StreamEventJson {

    /** First sequence number; record i gets FIRST_SEQ + i (26 digits, like real ones). */
    public static final BigInteger FIRST_SEQ = new BigInteger("50000000000000000000000000");
    public static final long FIRST_TS = 1_700_001_000L;

    private final ArrayNode records = JsonNodeFactory.instance.arrayNode();

    public StreamEventJson add(String table, int index, int itemBytes) {
        return add(table, index, itemBytes, index % 10 == 9 ? "REMOVE" : index % 2 == 0 ? "INSERT" : "MODIFY");
    }

    /** One record; {@code op} INSERT, MODIFY or REMOVE. */
    public StreamEventJson add(String table, int index, int itemBytes, String op) {
        String id = "item-" + index;
        ObjectNode r = records.addObject();
        r.put("eventID", "ev" + index);
        r.put("eventName", op);
        r.put("eventVersion", "1.1");
        r.put("eventSource", "aws:dynamodb");
        r.put("awsRegion", "us-east-1");
        ObjectNode d = r.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", FIRST_TS + index / 100);
        d.putObject("Keys").putObject("id").put("S", id);
        if (!op.equals("REMOVE")) {
            ObjectNode image = d.putObject("NewImage");
            image.putObject("id").put("S", id);
            image.putObject("n").put("N", Integer.toString(index));
            int pad = Math.max(0, itemBytes - id.length() - 20);
            image.putObject("body").put("S", "x".repeat(pad));
        }
        d.put("SequenceNumber", seq(index));
        d.put("SizeBytes", itemBytes);
        d.put("StreamViewType", "NEW_IMAGE");
        r.put("eventSourceARN", "arn:aws:dynamodb:us-east-1:123456789012:table/" + table + "/stream/2023-11-14T22:00:00.000");
        return this;
    }

    public static String seq(int index) {
        return FIRST_SEQ.add(BigInteger.valueOf(index)).toString();
    }

    /** {@code count} records of {@code table}. */
    public static String batch(String table, int count, int itemBytes) {
        StreamEventJson json = new StreamEventJson();
        for (int i = 0; i < count; i++) {
            json.add(table, i, itemBytes);
        }
        return json.toJson();
    }

    public String toJson() {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.set("Records", records);
        return event.toString();
    }
}
