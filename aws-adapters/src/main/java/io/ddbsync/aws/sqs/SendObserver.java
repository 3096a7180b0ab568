package io.ddbsync.aws.sqs;

import io.ddbsync.model.pack.PackedMessage;

/**
 * What a {@link ChangeQueue} reports while it sends: requests made, retries, and every message SQS
 * accepted. The forwarder counts these as its metrics; other senders may ignore them ({@link #NONE}).
 */
public interface SendObserver {

    /** Reports nothing. */
    SendObserver NONE = new SendObserver() {
    };

    /** One SendMessageBatch call is about to be made. */
    default void requestSent() {
    }

    /** The call about to be made retries entries or a call that failed. */
    default void retried() {
    }

    /** SQS accepted {@code message}. */
    default void accepted(PackedMessage message) {
    }
}
