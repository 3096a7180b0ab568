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

    /**
     * One INSERT/MODIFY record whose NewImage is a seed-like post of about {@code itemBytes} bytes
     * (attribute names plus UTF-8 values, as DynamoDB counts): title, author, tags, numbers and
     * paragraph blocks of Korean text drawn from a fixed 2,000-word vocabulary with a Zipf
     * distribution, deterministic per index. It compresses like prose, unlike the padding of
     * {@link #add}.
     */
    public StreamEventJson addPost(String table, int index, int itemBytes, String op) {
        add(table, index, 0, op);
        ObjectNode d = (ObjectNode) records.get(records.size() - 1).get("dynamodb");
        ObjectNode image = (ObjectNode) d.get("NewImage");
        java.util.Random r = new java.util.Random(index);
        image.remove("body");
        image.putObject("title").put("S", words(r, 6));
        image.putObject("author").put("S", "admin-" + r.nextInt(50));
        image.putObject("createdAt").put("N", Long.toString(1_645_228_800L + index * 37L));
        image.putObject("views").put("N", Integer.toString(r.nextInt(100_000)));
        ArrayNode tags = image.putObject("tags").putArray("SS");
        tags.add(VOCABULARY[r.nextInt(40)]);
        tags.add(VOCABULARY[40 + r.nextInt(40)]);
        ArrayNode blocks = image.putObject("blocks").putArray("L");
        int size = 120;
        while (size < itemBytes) {
            ObjectNode block = blocks.addObject().putObject("M");
            block.putObject("type").put("S", "paragraph");
            String text = words(r, 20 + r.nextInt(40));
            int room = itemBytes - size - 20;
            if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > room) {
                text = text.substring(0, Math.max(1, room / 3));
            }
            block.putObject("text").put("S", text);
            size += 20 + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        d.put("SizeBytes", size);
        return this;
    }

    private static final String[] VOCABULARY = vocabulary();

    private static String[] vocabulary() {
        java.util.Random r = new java.util.Random(42);
        String[] words = new String[2000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int syllables = 1 + r.nextInt(4);
            for (int k = 0; k < syllables; k++) {
                w.append((char) (0xAC00 + r.nextInt(11_172)));
            }
            words[i] = w.toString();
        }
        return words;
    }

    /** {@code n} words, the k-th most frequent word chosen with probability proportional to 1/k. */
    private static String words(java.util.Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // inverse of the Zipf CDF, approximately: k = N^u
            int k = (int) Math.min(VOCABULARY.length - 1, Math.floor(Math.pow(VOCABULARY.length, r.nextDouble())) - 1);
            sb.append(i == 0 ? "" : " ").append(VOCABULARY[Math.max(0, k)]);
            if (r.nextInt(12) == 0) {
                sb.append('.');
            }
        }
        return sb.toString();
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
