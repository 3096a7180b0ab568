package io.ddbsync.infra.config;

/**
 * Where the stream event source mappings leave a batch they give up on (retries exhausted or records older than
 * the maximum record age), and how long it is kept there.
 *
 * @param destination   {@link Destination#S3} (the default for new stacks) or {@link Destination#SQS}
 * @param retentionDays days the S3 failure records are kept before the bucket's lifecycle rule expires them
 *                      (2–3650; not used with SQS, whose queue keeps metadata 14 days)
 */
public record StreamFailureSettings(Destination destination, int retentionDays) {

    /** Default days an S3 failure record is kept: a month beyond the stream's 24 h and the DLQ's 14 days. */
    public static final int DEFAULT_RETENTION_DAYS = 30;

    /** The kinds of on-failure destination a DynamoDB stream mapping takes (AWS Lambda's OnFailure). */
    public enum Destination {
        /**
         * An S3 bucket: Lambda writes the entire invocation record, the records included ("Retain discarded records
         * for a DynamoDB event source in Lambda"), so a replay does not depend on the stream's 24 h retention.
         */
        S3,
        /** An SQS queue: metadata only (shard, sequence range); the records must be re-read from the stream in 24 h. */
        SQS
    }

    public boolean toS3() {
        return destination == Destination.S3;
    }
}
