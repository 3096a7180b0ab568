package io.ddbsync.model.pack;

import io.ddbsync.model.wire.ChangeEnvelope;

/**
 * One change-queue message ready to send.
 *
 * @param envelope            what it carries
 * @param body                the encoded envelope
 * @param bodyBytes           UTF-8 size of {@code body}
 * @param firstSequenceNumber sequence number of its first record (null only for a raw record whose number was unreadable)
 * @param lastSequenceNumber  sequence number of its last record (same)
 * @param oldestTs            smallest {@code ts} among its change records; 0 for a message holding only a raw record
 * @param oversizeRecords     records turned into {@code fetch} records because they did not fit
 */
public record PackedMessage(ChangeEnvelope envelope, String body, int bodyBytes, String firstSequenceNumber,
                            String lastSequenceNumber, long oldestTs, int oversizeRecords) {
}
