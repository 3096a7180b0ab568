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
 * whose records, and the replayed ones under {@value #REPLAYED_PREFIX}, expire after {@code retentionDays}.
 *
 * <p>The signal that a replay is due: an S3 request-metrics configuration ({@value #METRICS_FILTER_ID}, prefix
 * {@code aws/lambda/}) makes S3 publish {@code AWS/S3} {@code PutRequests} per minute with dimensions
 * {@code BucketName} and {@code FilterId} for objects written under that prefix (Amazon S3 User Guide, "CloudWatch
 * metrics configurations" and "Metrics and dimensions"); the {@code StreamFailureRecordsWritten} alarm fires on one.
 * One series covers every table's mapping, whichever writes; it is billed as a custom metric only in the hours it has
 * data. S3 documents these metrics as best-effort ("The data point for a minute might be delayed ... or it might not
 * be delivered at all"), so the alarm is a prompt, not the record: the objects under {@code aws/lambda/} are, and
 * {@code reconcile} finds what a missed prompt leaves. Lambda's own count, the event source mapping metric
 * {@code OnFailureDestinationDeliveredEventCount} (AWS Lambda Developer Guide, "Types of metrics for Lambda
 * functions", event source mapping metrics), needs the {@code EventCount} metrics turned on per mapping and gives a
 * series per mapping, not per bucket; a failed write is Lambda's {@code DestinationDeliveryFailures}, alarmed per
 * table.
 */
public class FailureRecords extends Construct {

    /**
     * Where {@code replay-stream-failures --failure-bucket} moves an object it has replayed (copy, then delete), as
     * the record of what was replayed: expired after the same {@code retentionDays}, out of the metrics filter's
     * prefix (a move is no new failure record).
     */
    public static final String REPLAYED_PREFIX = "replayed/";

    /** The id of the bucket's request-metrics configuration: the {@code FilterId} dimension of its metrics. */
    public static final String METRICS_FILTER_ID = "FailureRecords";

    private final Bucket bucket;
    private final int retentionDays;

    public FailureRecords(Construct scope, String id, int retentionDays) {
        super(scope, id);
        this.retentionDays = Require.range(retentionDays, "FailureRecords.retentionDays", 2, 3650);
        this.bucket = PrivateBucket.create(this, "Bucket", List.of(StreamFailureDestination.S3_KEY_PREFIX, REPLAYED_PREFIX),
                retentionDays,
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
