package io.ddbsync.infra.constructs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * A stream event source mapping's {@code DestinationConfig.OnFailure}: the failure bucket (Lambda writes the whole
 * invocation record under {@code aws/lambda/<ESM-UUID>/<shardID>/…}) or the stream-failure queue (metadata only).
 *
 * <p>IAM on the function's role, as AWS Lambda documents it for each kind ("Your execution role must have
 * permissions for the destination: For an SQS destination: sqs:SendMessage … For an S3 destination: s3:PutObject and
 * s3:ListBucket"): for the bucket, {@code s3:PutObject} on {@code <bucket>/aws/lambda/*} only and
 * {@code s3:ListBucket} on the bucket — not CDK's {@code S3OnFailureDestination}, which grants read and write on the
 * whole bucket; for the queue, CDK's {@code SqsDlq} (send to that queue).
 */
public final class StreamFailureDestination {

    /** Where Lambda writes every failure record of an event source mapping. */
    public static final String S3_KEY_PREFIX = "aws/lambda/";

    private final Optional<IBucket> bucket;
    private final Optional<IQueue> queue;

    private StreamFailureDestination(Optional<IBucket> bucket, Optional<IQueue> queue) {
        this.bucket = bucket;
        this.queue = queue;
    }

    /** The failure bucket: whole invocation records. */
    public static StreamFailureDestination bucket(IBucket bucket) {
        return new StreamFailureDestination(Optional.of(Objects.requireNonNull(bucket, "bucket")), Optional.empty());
    }

    /** The stream-failure queue: metadata only. */
    public static StreamFailureDestination queue(IQueue queue) {
        return new StreamFailureDestination(Optional.empty(), Optional.of(Objects.requireNonNull(queue, "queue")));
    }

    public Optional<IBucket> failureBucket() {
        return bucket;
    }

    public Optional<IQueue> failureQueue() {
        return queue;
    }

    /** What the mapping's {@code onFailure} takes; binding it grants the function's role what Lambda needs. */
    IEventSourceDlq eventSourceDlq() {
        if (queue.isPresent()) {
            return new SqsDlq(queue.get());
        }
        return new BucketDestination(bucket.orElseThrow());
    }

    /** "the failure bucket" or "the stream-failure queue", for alarm descriptions. */
    public String describe() {
        return bucket.isPresent() ? "the failure bucket (whole invocation records under " + S3_KEY_PREFIX + ")"
                : "the stream-failure queue (batch metadata)";
    }

    /** The failure bucket as an event source mapping's on-failure destination, with the role's permissions scoped. */
    private static final class BucketDestination implements IEventSourceDlq {
        private final IBucket bucket;

        BucketDestination(IBucket bucket) {
            this.bucket = bucket;
        }

        @Override
        public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
            targetHandler.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("WriteFailureRecords")
                    .actions(List.of("s3:PutObject"))
                    .resources(List.of(bucket.arnForObjects(S3_KEY_PREFIX + "*")))
                    .build());
            targetHandler.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("ListFailureBucket")
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(bucket.getBucketArn()))
                    .build());
            return DlqDestinationConfig.builder().destination(bucket.getBucketArn()).build();
        }
    }
}
