package io.ddbsync.aws.search;

/**
 * A call got no answer within its timeout (derived from the invocation's remaining time), or was not sent because
 * no time was left. The request was cancelled (a cancelled write may still be applied; the version guard makes that
 * harmless); the message is retried later.
 */
public class SearchTimeoutException extends SearchTransportException {

    public SearchTimeoutException(String message) {
        super(message, null);
    }
}
