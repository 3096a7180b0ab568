package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an item's old and new image into a stream record shaped like DynamoDB Streams' GetRecords output and
 * appends it to the table's stream. No record when nothing changed. Called under the write lock.
 */
final class ChangeRecorder {
    static final String EVENT_VERSION = "1.1";
    static final String EVENT_SOURCE = "aws:dynamodb";
    static final String REGION = "us-east-1";
    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    private final StreamRegistry registry;

    ChangeRecorder(StreamRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records the change from {@code oldImage} to {@code newImage} (null = no item). {@code byTtl} marks a removal
     * by time to live (a {@code userIdentity} of the DynamoDB service).
     */
    Optional<StoredRecord> record(TableStream stream, ObjectNode oldImage, ObjectNode newImage, boolean byTtl) {
        if (Images.same(oldImage, newImage)) {
            return Optional.empty();
        }
        String eventName = oldImage == null ? "INSERT" : newImage == null ? "REMOVE" : "MODIFY";
        String viewType = stream.viewType();
        ObjectNode keys = stream.keyOf(newImage != null ? newImage : oldImage);
        long n = registry.nextN();
        Instant now = registry.now();

        ObjectNode dynamodb = ApiBodies.object();
        dynamodb.put("ApproximateCreationDateTime", now.getEpochSecond());
        dynamodb.set("Keys", keys);
        long size = Images.size(keys);
        if (newImage != null && viewType.startsWith("NEW_")) {
            dynamodb.set("NewImage", newImage);
            size += Images.size(newImage);
        }
        if (oldImage != null && (viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
            dynamodb.set("OldImage", oldImage);
            size += Images.size(oldImage);
        }
        dynamodb.put("SequenceNumber", SequenceNumbers.format(n));
        dynamodb.put("SizeBytes", size);
        dynamodb.put("StreamViewType", viewType);

        ObjectNode record = ApiBodies.object();
        record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        record.put("eventName", eventName);
        record.put("eventVersion", EVENT_VERSION);
        record.put("eventSource", EVENT_SOURCE);
        record.put("awsRegion", REGION);
        record.set("dynamodb", dynamodb);
        if (byTtl) {
            ObjectNode identity = record.putObject("userIdentity");
            identity.put("PrincipalId", TTL_PRINCIPAL);
            identity.put("Type", "Service");
        }
        StoredRecord stored = new StoredRecord(n, now, record);
        stream.append(stored);
        return Optional.of(stored);
    }
}
