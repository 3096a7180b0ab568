package io.ddbsync.model.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A change of one item, as it travels on the change queue.
 *
 * @param op     INSERT, MODIFY or REMOVE
 * @param keys   the item's key attributes in DynamoDB JSON (typed)
 * @param image  the NewImage in DynamoDB JSON; for a REMOVE done by TTL, the OldImage when the stream carries one
 *               (the item's last state: what TTL_DELETES=keep keeps); null for other REMOVEs and for {@code fetch} records
 * @param sequenceNumber the stream SequenceNumber (21–40 digits); for an image read from the table (backfill, repair), the
 *               nanosecond of the read within its second (1–20 digits, "0" when unknown)
 * @param ts     ApproximateCreationDateTime in epoch seconds (an image read from the table: its read time − 300 s)
 * @param fetch  true when the image was too large (or absent): the worker reads the item itself
 * @param ttl    true for a REMOVE done by DynamoDB TTL
 */
public record ChangeRecord(Op op, ObjectNode keys, ObjectNode image, String sequenceNumber, long ts, boolean fetch, boolean ttl)
        implements WireRecord {

    public ChangeRecord {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty (seq " + sequenceNumber + ")");
        }
        if (op == Op.REMOVE && image != null && !ttl) {
            throw new IllegalArgumentException("a REMOVE carries no image unless it is a TTL removal's old image (seq " + sequenceNumber + ")");
        }
        if (op != Op.REMOVE && image == null && !fetch) {
            throw new IllegalArgumentException(op + " without image must be a fetch record (seq " + sequenceNumber + ")");
        }
        keys = keys.deepCopy();
        image = image == null ? null : image.deepCopy();
    }

    /**
     * The same change, reduced to its keys: the worker reads the item with a consistent read. A REMOVE is not read:
     * it only loses the old image a TTL removal may carry.
     */
    public ChangeRecord asFetch() {
        if (op == Op.REMOVE) {
            return image == null ? this : new ChangeRecord(op, keys, null, sequenceNumber, ts, false, ttl);
        }
        return new ChangeRecord(op, keys, null, sequenceNumber, ts, true, ttl);
    }

    /** The keys without a copy, for serialisation inside this package only: never mutate or leak. */
    ObjectNode keysShared() {
        return keys;
    }

    /** The image without a copy (or null), for serialisation inside this package only: never mutate or leak. */
    ObjectNode imageShared() {
        return image;
    }

    @Override
    public ObjectNode keys() {
        return keys.deepCopy();
    }

    @Override
    public ObjectNode image() {
        return image == null ? null : image.deepCopy();
    }
}
