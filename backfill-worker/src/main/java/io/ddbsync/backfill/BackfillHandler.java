package io.ddbsync.backfill;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.model.config.BackfillConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point for the backfill queue's event source mapping (batch size 1, ReportBatchItemFailures): each
 * message is one work item, a Scan segment of a backfill run from its start key. Wiring only.
 */
public final class BackfillHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final BackfillConfig config;

    /** Used by the Lambda runtime: reads the environment once. */
    public BackfillHandler() {
        this(BackfillConfig.fromEnv(System.getenv()), null, null, null, Clock.systemUTC());
    }

    /** Collaborators given, for tests and the local stack. */
    public BackfillHandler(BackfillConfig config, DynamoDbClient dynamo, SqsClient sqs, S3Client s3, Clock clock) {
        this.config = config;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        return new SQSBatchResponse(failures);
    }
}
