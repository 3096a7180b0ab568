package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.Op;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The keys of the records a replay re-forwarded, by table, and the records that settle them after a lost range.
 *
 * <p>Why: when a range of a table is gone (trimmed from the stream, not in S3), a replayed record may be older than a
 * change of the lost range — e.g. a PUT replayed while the item's later REMOVE was lost. Nothing orders the two, so
 * the PUT would bring back a deleted item's document after the reconcile had looked (a ghost that depends on when
 * the worker applies the replayed messages). {@link #settle} reads each replayed key's item now (strongly consistent
 * GetItem) and enqueues a record versioned as that read ({@link Versions#readSequenceNumber}): the item's image read
 * again by the worker when it exists, a REMOVE when it is gone. A read wins over every change made before it, so the
 * replayed records cannot undo it in whatever order they are applied.
 */
public final class ReplayedKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Set<ObjectNode>> byTable = new LinkedHashMap<>();

    /**
     * Adds the keys of an S3 on-failure object's records ({@code payload.Records[].dynamodb.Keys}, DynamoDB JSON; the
     * table from each record's {@code eventSourceARN}). A payload given as a JSON string is read as well; content that
     * is not JSON adds nothing.
     */
    public void addFromObject(String content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
            JsonNode payload = root.path("payload");
            if (payload.isTextual()) {
                payload = JSON.readTree(payload.asText());
            }
            for (JsonNode r : payload.path("Records")) {
                JsonNode keys = r.path("dynamodb").path("Keys");
                String table = StreamFailureRecord.tableOf(r.path("eventSourceARN").asText("")).orElse("");
                if (keys.isObject() && !table.isEmpty()) {
                    byTable.computeIfAbsent(table, t -> new LinkedHashSet<>()).add((ObjectNode) keys);
                }
            }
        } catch (IOException e) {
            // not JSON: the replay reports such an object as failed; it has no keys to settle
        }
    }

    /** The replayed keys of {@code table} (DynamoDB JSON), in the order first seen. */
    public Set<ObjectNode> of(String table) {
        return byTable.getOrDefault(table, Set.of());
    }

    /** What {@link #settle} enqueued: records read again (the item exists) and REMOVEs (it is gone). */
    public record Settled(int present, int gone, int messages) {
    }

    /**
     * Reads every replayed key of {@code table} now and enqueues its settling record (see the class comment).
     *
     * @param tableClock the table's clock ({@code TableClock}), as the reconcile's read time
     * @throws OpsException when an item cannot be read or the queue refuses the records (naming table and key, never
     *                      item values)
     */
    public Settled settle(String table, DynamoDbClient dynamo, Clock tableClock, ChangeQueue queue, int maxMessageBytes,
                          Compression compression) {
        Collection<ObjectNode> keys = of(table);
        Instant read = tableClock.instant();
        String seq = Versions.readSequenceNumber(read);
        long ts = Versions.readSeconds(read);
        List<ChangeRecord> records = new ArrayList<>(keys.size());
        int present = 0;
        for (ObjectNode key : keys) {
            boolean exists;
            try {
                exists = dynamo.getItem(b -> b.tableName(table).key(DynamoJson.toItem(key)).consistentRead(true)
                        .projectionExpression(String.join(", ", nameRefs(key)))
                        .expressionAttributeNames(names(key))).hasItem();
            } catch (SdkException e) {
                throw new OpsException("cannot read item " + key + " of table " + table + " to settle the replay", e);
            }
            present += exists ? 1 : 0;
            records.add(exists ? new ChangeRecord(Op.MODIFY, key, null, seq, ts, true, false)
                    : new ChangeRecord(Op.REMOVE, key, null, seq, ts, false, false));
        }
        int messages = RepairRecords.send(table, records, queue, maxMessageBytes, compression);
        return new Settled(present, records.size() - present, messages);
    }

    private static List<String> nameRefs(ObjectNode key) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            refs.add("#k" + i);
        }
        return refs;
    }

    private static Map<String, String> names(ObjectNode key) {
        Map<String, String> names = new LinkedHashMap<>();
        int i = 0;
        for (var it = key.fieldNames(); it.hasNext(); i++) {
            names.put("#k" + i, it.next());
        }
        return names;
    }
}
