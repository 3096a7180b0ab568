package io.ddbsync.infra.constructs;

import java.util.List;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketMetrics;
import software.constructs.Construct;

/**
 * The failure bucket: the stream mappings' on-failure destination when it is S3. Lambda writes one object per
 * given-up batch — the invocation record with the records themselves — under
 * {@code aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>} (AWS Lambda Developer Guide, "Retain
 * discarded records for a DynamoDB event source in Lambda"), so a replay has no 24 h bound. A {@link PrivateBucket}
 * whose records expire after {@code retentionDays}; an S3 request-metrics filter ({@value #METRICS_FILTER_ID}, prefix
 * {@code aws/lambda/}) publishes {@code PutRequests} per minute for the alarm on arriving records.
 */
public class FailureRecords extends Construct {

    /** The id of the bucket's request-metrics configuration: the {@code FilterId} dimension of its metrics. */
    public static final String METRICS_FILTER_ID = "FailureRecords";

    private final Bucket bucket;
    private final int retentionDays;

    public FailureRecords(Construct scope, String id, int retentionDays) {
        super(scope, id);
        this.retentionDays = Require.range(retentionDays, "FailureRecords.retentionDays", 2, 3650);
        this.bucket = PrivateBucket.create(this, "Bucket", StreamFailureDestination.S3_KEY_PREFIX, retentionDays,
                List.of(BucketMetrics.builder().id(METRICS_FILTER_ID).prefix(StreamFailureDestination.S3_KEY_PREFIX).build()));
    }

    public Bucket bucket() {
        return bucket;
    }

    /** Days a failure record is kept. */
    public int retentionDays() {
        return retentionDays;
    }
}
