package io.ddbsync.model.id;

/**
 * A document id derived from an item's key.
 *
 * @param value  the {@code _id} (at most 512 UTF-8 bytes)
 * @param hashed true when the readable encoding was too long and {@code value} is its SHA-256
 */
public record DocumentId(String value, boolean hashed) {
}
