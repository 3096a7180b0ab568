package io.ddbsync.aws.backfill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.ChangeQueueException;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A backfill's page, written once for the one-host backfill ({@code ddbsync backfill}) and the backfill Lambda: one
 * Scan request of a segment ({@link #scan}), whose items become INSERT records with the version of a read
 * ({@link Versions#ofRead}, sequence of the read's nanosecond) at the time the page was requested on the table's
 * clock, then packed like the forwarder's and sent to the change queue ({@link #send}). Thread-safe.
 */
public final class ScanPages {

    private final DynamoDbClient dynamo;
    private final ChangeQueue queue;
    private final EnvelopePacker packer;
    private final Clock tableClock;

    /**
     * @param tableClock the table's clock ({@link io.ddbsync.aws.dynamodb.TableClock}): pages are dated by it
     */
    public ScanPages(DynamoDbClient dynamo, ChangeQueue queue, EnvelopePacker packer, Clock tableClock) {
        this.dynamo = dynamo;
        this.queue = queue;
        this.packer = packer;
        this.tableClock = tableClock;
    }

    /** The table's key attribute names (hash, then range). */
    public static List<String> keyNames(TableDescription table) {
        return table.keySchema().stream().map(KeySchemaElement::attributeName).toList();
    }

    /**
     * Reads one page of {@code segment} of {@code totalSegments} from {@code start} (null: the segment's start),
     * at most {@code limit} items, with ReturnConsumedCapacity TOTAL.
     *
     * @throws ScanPageException when the Scan fails or an item lacks a key attribute
     */
    public ScannedPage scan(String table, List<String> keyNames, int segment, int totalSegments, int limit,
                            Map<String, AttributeValue> start) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(table).segment(segment).totalSegments(totalSegments)
                .limit(limit).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (start != null) {
            request.exclusiveStartKey(start);
        }
        ScanResponse page;
        Instant read = tableClock.instant(); // the page's read, dated when it is requested
        try {
            page = dynamo.scan(request.build());
        } catch (RuntimeException e) {
            throw new ScanPageException("scan of table " + table + " segment " + segment + "/" + totalSegments + " failed", e);
        }
        List<ChangeRecord> records = new ArrayList<>(page.count());
        long bytes = 0;
        for (Map<String, AttributeValue> item : page.items()) {
            records.add(record(table, item, keyNames, read));
            bytes += ItemSizes.bytes(item);
        }
        boolean reported = page.consumedCapacity() != null && page.consumedCapacity().capacityUnits() != null;
        double units = reported ? page.consumedCapacity().capacityUnits() : ItemSizes.eventuallyConsistentReadUnits(bytes);
        Map<String, AttributeValue> next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey() : null;
        return new ScannedPage(table, segment, totalSegments, records, next, units, reported, read);
    }

    /**
     * Packs the page's records like the forwarder's and sends them to the change queue.
     *
     * @return the messages sent
     * @throws ChangeQueueException when a message could not be enqueued (the page is to be scanned again)
     */
    public int send(ScannedPage page) {
        List<PackedMessage> packed = packer.pack(page.table(), page.records());
        queue.sendAll(packed);
        return packed.size();
    }

    /**
     * The backfill record of one scanned item: INSERT, keys and image in DynamoDB JSON, versioned as a read at
     * {@code read}.
     *
     * @throws ScanPageException when the item lacks one of {@code keyNames}
     */
    public static ChangeRecord record(String table, Map<String, AttributeValue> item, List<String> keyNames, Instant read) {
        ObjectNode image = DynamoJson.fromItem(item);
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        for (String k : keyNames) {
            if (!image.has(k)) {
                throw new ScanPageException("scanned item of table " + table + " lacks key attribute " + k);
            }
            keys.set(k, image.get(k));
        }
        return new ChangeRecord(Op.INSERT, keys, image, Versions.readSequenceNumber(read), Versions.readSeconds(read), false, false);
    }
}
