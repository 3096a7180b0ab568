package io.ddbsync.aws.opensearch;

/**
 * A request got no answer within its timeout (derived from the invocation's remaining time), or was
 * not sent because no time was left. The request was cancelled; the message is retried later.
 */
public class OpenSearchTimeoutException extends OpenSearchTransportException {

    public OpenSearchTimeoutException(String message) {
        super(message, null);
    }
}
