package io.ddbsync.infra.constructs;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketMetrics;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * How ddbsync's buckets are made: encrypted at rest (SSE-S3, AES-256), TLS only (a bucket policy denies
 * {@code aws:SecureTransport=false}), every public access blocked, ACLs disabled (the bucket owner owns every
 * object), no versioning, objects under each given prefix expired after {@code expirationDays} and incomplete multipart
 * uploads aborted after a day. Retained when the stack is deleted: it may hold the only copy of failed changes.
 */
final class PrivateBucket {

    private PrivateBucket() {
    }

    static Bucket create(Construct scope, String id, String prefix, int expirationDays, List<BucketMetrics> metrics) {
        return create(scope, id, List.of(prefix), expirationDays, metrics);
    }

    /** As above, with objects under each of {@code prefixes} expired after {@code expirationDays}. */
    static Bucket create(Construct scope, String id, List<String> prefixes, int expirationDays, List<BucketMetrics> metrics) {
        List<LifecycleRule> rules = new java.util.ArrayList<>();
        for (String prefix : prefixes) {
            rules.add(LifecycleRule.builder()
                    .id("Expire-" + prefix.replace("/", ""))
                    .prefix(prefix)
                    .expiration(Duration.days(expirationDays))
                    .build());
        }
        rules.add(LifecycleRule.builder()
                .id("AbortIncompleteUploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build());
        return Bucket.Builder.create(scope, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .lifecycleRules(rules)
                .metrics(metrics)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
