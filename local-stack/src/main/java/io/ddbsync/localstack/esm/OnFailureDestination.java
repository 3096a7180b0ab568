package io.ddbsync.localstack.esm;

import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where a stream event source mapping reports a batch it gives up on (retries exhausted or records too old):
 * an invocation record with the batch's shard and sequence range, not the records themselves.
 */
@FunctionalInterface
public interface OnFailureDestination {

    /** Delivers one invocation record (JSON, shaped like Lambda's). */
    void send(String invocationRecordJson);

    /** Sends each invocation record as one message to {@code queueUrl}; the caller owns and closes {@code sqs}. */
    static OnFailureDestination sqs(SqsClient sqs, String queueUrl) {
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(queueUrl, "queueUrl");
        return json -> {
            try {
                sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(json));
            } catch (SdkException e) {
                throw new EsmException("cannot send the on-failure invocation record to " + queueUrl, e);
            }
        };
    }

    /** No destination: like Lambda without one, the records are skipped (the poller logs their range). */
    static OnFailureDestination none() {
        return json -> {
        };
    }
}
