package io.ddbsync.ops.cost;

/**
 * On-demand prices, us-east-1, in US dollars. Taken from secondary sources on 2026-11-30 (see the
 * root README, "Cost"); check the AWS pricing pages named on each field before relying on them.
 *
 * @param lambdaGbSecond        Lambda arm64 per GB-second (aws.amazon.com/lambda/pricing)
 * @param lambdaRequest         Lambda per request ($0.20 per million)
 * @param sqsRequest            SQS standard per billed request: every 64 KB chunk of a payload is one
 *                              ($0.40 per million; aws.amazon.com/sqs/pricing)
 * @param dynamoDbWriteUnit     DynamoDB on-demand per write request unit ($0.625 per million;
 *                              aws.amazon.com/dynamodb/pricing/on-demand)
 * @param logsIngestedGb        CloudWatch Logs per GB ingested (aws.amazon.com/cloudwatch/pricing)
 * @param customMetricMonth     CloudWatch custom metric per month
 * @param alarmMonth            CloudWatch standard alarm per month
 * @param dashboardMonth        CloudWatch dashboard per month
 * @param ingestionOcuHour      OpenSearch Ingestion per OCU-hour (aws.amazon.com/opensearch-service/pricing)
 */
public record Prices(double lambdaGbSecond, double lambdaRequest, double sqsRequest, double dynamoDbWriteUnit,
                     double logsIngestedGb, double customMetricMonth, double alarmMonth, double dashboardMonth,
                     double ingestionOcuHour) {

    /** Where and when the defaults were read. */
    public static final String SOURCE = "us-east-1 on-demand prices as listed 2026-11-30 (secondary sources; check "
            + "aws.amazon.com/lambda/pricing, /sqs/pricing, /dynamodb/pricing, /cloudwatch/pricing, /opensearch-service/pricing)";

    public static final Prices US_EAST_1 = new Prices(0.0000133334, 0.20e-6, 0.40e-6, 0.625e-6, 0.50, 0.30, 0.10, 3.00, 0.24);
}
