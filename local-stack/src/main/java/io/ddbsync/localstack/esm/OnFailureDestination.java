package io.ddbsync.localstack.esm;

import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where a stream event source mapping reports a batch it gives up on (retries exhausted or records too old), as
 * Lambda's {@code DestinationConfig.OnFailure} does: an SQS queue gets the batch's metadata (shard and sequence
 * range), an S3 bucket the whole invocation record with the records ({@link OnFailureRecord}).
 */
@FunctionalInterface
public interface OnFailureDestination {

    /**
     * Delivers one invocation record.
     *
     * @throws EsmException when the destination cannot be reached; the poller tries again every second
     */
    void send(OnFailureRecord record);

    /** Sends {@link OnFailureRecord#metadataJson()} as one message to {@code queueUrl}; the caller owns {@code sqs}. */
    static OnFailureDestination sqs(SqsClient sqs, String queueUrl) {
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(queueUrl, "queueUrl");
        return record -> {
            try {
                sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(record.metadataJson()));
            } catch (SdkException e) {
                throw new EsmException("cannot send the on-failure invocation record of shard " + record.shardId()
                        + " from " + record.firstSequenceNumber() + " to " + queueUrl, e);
            }
        };
    }

    /**
     * Writes {@link OnFailureRecord#withPayloadJson()} to {@code bucket} under
     * {@link OnFailureRecord#s3ObjectKey(UUID) aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>},
     * content type {@code application/json}; the caller owns {@code s3} (path-style for a local server:
     * {@code LocalAws.s3}). The bucket must exist, as Lambda requires.
     */
    static OnFailureDestination s3(S3Client s3, String bucket) {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(bucket, "bucket");
        return record -> {
            String key = record.s3ObjectKey(UUID.randomUUID());
            try {
                s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json"),
                        RequestBody.fromString(record.withPayloadJson()));
            } catch (SdkException e) {
                throw new EsmException("cannot write the on-failure invocation record of shard " + record.shardId()
                        + " from " + record.firstSequenceNumber() + " to s3://" + bucket + "/" + key, e);
            }
        };
    }

    /** No destination: like Lambda without one, the records are skipped (the poller logs their range). */
    static OnFailureDestination none() {
        return record -> {
        };
    }
}
