package io.ddbsync.backfill;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.backfill.export.ExportFileImporter;
import io.ddbsync.model.backfill.ExportWorkItem;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.EnvelopePacker;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(BackfillHandler.class);

    private final BackfillConfig config;
    /** Export-mode work items (one data file each); null until the clients are given. */
    private final ExportFileImporter exports;

    /** Used by the Lambda runtime: reads the environment once. */
    public BackfillHandler() {
        this(BackfillConfig.fromEnv(System.getenv()), null, null, null, Clock.systemUTC());
    }

    /** Collaborators given, for tests and the local stack. */
    public BackfillHandler(BackfillConfig config, DynamoDbClient dynamo, SqsClient sqs, S3Client s3, Clock clock) {
        this.config = config;
        this.exports = s3 == null || sqs == null ? null : new ExportFileImporter(s3,
                SqsChangeQueue.withDefaults(sqs, config.changeQueueUrl().toString()),
                new EnvelopePacker(config.maxBodyBytes(), config.compression()));
    }

    /** One export data file through the change queue; false (a batch item failure, retried, then the DLQ) when it failed. */
    private boolean importExportFile(SQSEvent.SQSMessage message) {
        if (exports == null) {
            LOG.atError().addKeyValue("messageId", message.getMessageId())
                    .log("export data file not imported: this handler was built without S3 and SQS clients");
            return false;
        }
        try {
            ExportWorkItem item = ExportWorkItem.parse(message.getBody());
            long items = exports.importFile(item);
            LOG.atInfo().addKeyValue("messageId", message.getMessageId()).addKeyValue(LogFields.TABLE, item.table())
                    .addKeyValue("dataFileKey", item.dataFileKey()).addKeyValue("items", items).log("export data file imported");
            return true;
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("messageId", message.getMessageId()).setCause(e).log("export data file not imported");
            return false;
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (ExportWorkItem.is(message.getBody())) {
                if (!importExportFile(message)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
        }
        return new SQSBatchResponse(failures);
    }
}
