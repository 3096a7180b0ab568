package io.ddbsync.ops.operations;

import java.util.List;

/**
 * One message of a dead-letter queue as {@code dlq peek} shows it.
 *
 * @param messageId           the SQS message id
 * @param envelopeId          the envelope id from the body (null when the body cannot be decoded)
 * @param table               the envelope's table (null when undecodable)
 * @param keys                the keys of its first records (DynamoDB JSON), at most {@link DlqPeek#KEYS_SHOWN}
 * @param recordCount         records in the envelope (0 when undecodable)
 * @param firstSequenceNumber sequence number of its first record
 * @param receiveCount        SQS ApproximateReceiveCount (counts this peek too)
 * @param reason              why it failed: the worker's failure note, else what the body itself tells
 * @param failedKey           the key of the first record that failed, from the worker's failure note; null when not
 *                            noted (the message failed as a whole, an older worker, or no --opensearch-endpoint)
 * @param failedSequenceNumber that record's sequence number, or null
 */
public record PeekedMessage(String messageId, String envelopeId, String table, List<String> keys, int recordCount,
                            String firstSequenceNumber, int receiveCount, String reason, String failedKey,
                            String failedSequenceNumber) {

    public PeekedMessage {
        keys = List.copyOf(keys);
    }
}
