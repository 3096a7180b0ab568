package io.ddbsync.backfill;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.aws.backfill.BackfillRunStore;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.backfill.export.ExportFileImporter;
import io.ddbsync.model.backfill.BackfillWireException;
import io.ddbsync.model.backfill.BackfillWorkItem;
import io.ddbsync.model.backfill.ExportWorkItem;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.EnvelopePacker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.lambda.powertools.logging.Logging;

/**
 * Lambda entry point for the backfill queue's event source mapping (batch size 1, ReportBatchItemFailures): each
 * message is one {@link BackfillWorkItem}, a Scan segment of a run from its start key, run by
 * {@link SegmentScanner}. Wiring only. A message that is not a work item, and a work item whose page or continuation
 * failed, is a batch item failure: it comes back after the visibility timeout and, after the queue's
 * {@code maxReceiveCount}, is in the backfill DLQ. Its log line names run, table, segment and message id, never
 * item values.
 */
public final class BackfillHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillHandler.class);

    static final Duration CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final SegmentScanner scanner;
    private final ExportFileImporter exports;

    /** Used by the Lambda runtime: reads the environment once and builds the clients once. */
    public BackfillHandler() {
        this(BackfillConfig.fromEnv(System.getenv()));
    }

    private BackfillHandler(BackfillConfig config) {
        this(config, dynamoDbClient(config), sqsClient(config), s3Client(config), Clock.systemUTC());
    }

    /** Collaborators given, for tests and the local stack. */
    public BackfillHandler(BackfillConfig config, DynamoDbClient dynamo, SqsClient sqs, S3Client s3, Clock clock) {
        this(config, dynamo, sqs, s3, clock, PageObserver.NONE);
    }

    /** As above, with an observer of every page sent (the fault suite's kill). */
    public BackfillHandler(BackfillConfig config, DynamoDbClient dynamo, SqsClient sqs, S3Client s3, Clock clock,
                           PageObserver observer) {
        this(new SegmentScanner(dynamo, SqsChangeQueue.withDefaults(sqs, config.changeQueueUrl().toString()),
                new EnvelopePacker(config.maxBodyBytes(), config.compression()), sqs, config.backfillQueueUrl().toString(),
                new BackfillRunStore(s3, config.backfillBucket()), clock, System::nanoTime, observer),
                new ExportFileImporter(s3, SqsChangeQueue.withDefaults(sqs, config.changeQueueUrl().toString()),
                        new EnvelopePacker(config.maxBodyBytes(), config.compression())));
    }

    /** Scan work items to {@code scanner}, export-mode work items (one data file each) to {@code exports}. */
    public BackfillHandler(SegmentScanner scanner, ExportFileImporter exports) {
        this.scanner = scanner;
        this.exports = exports;
    }

    @Override
    @Logging(clearState = true)
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        LongSupplier remaining = context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            boolean done = ExportWorkItem.is(message.getBody()) ? importExportFile(message) : handle(message, remaining);
            if (!done) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** One export data file through the change queue; false (a batch item failure, retried, then the DLQ) when it failed. */
    private boolean importExportFile(SQSEvent.SQSMessage message) {
        try (MDC.MDCCloseable id = MDC.putCloseable(LogFields.MESSAGE_ID, message.getMessageId())) {
            ExportWorkItem item = ExportWorkItem.parse(message.getBody());
            long items = exports.importFile(item);
            LOG.atInfo().addKeyValue(LogFields.TABLE, item.table()).addKeyValue("dataFileKey", item.dataFileKey())
                    .addKeyValue("items", items).log("export data file imported");
            return true;
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue(LogFields.REASON, String.valueOf(e.getMessage())).setCause(e)
                    .log("export data file not imported");
            return false;
        }
    }

    /** Runs one message's scan work item; false when it is to be retried (a batch item failure). */
    private boolean handle(SQSEvent.SQSMessage message, LongSupplier remaining) {
        try (MDC.MDCCloseable id = MDC.putCloseable(LogFields.MESSAGE_ID, message.getMessageId())) {
            BackfillWorkItem item;
            try {
                item = BackfillWorkItem.fromJson(message.getBody());
            } catch (BackfillWireException e) {
                LOG.atError().addKeyValue(LogFields.REASON, e.getMessage()).log("backfill message is not a work item");
                return false;
            }
            try (MDC.MDCCloseable table = MDC.putCloseable(LogFields.TABLE, item.table());
                 MDC.MDCCloseable run = MDC.putCloseable("run", item.run());
                 MDC.MDCCloseable segment = MDC.putCloseable("segment", Integer.toString(item.segment()))) {
                SegmentOutcome outcome = scanner.run(item, remaining);
                LOG.atDebug().addKeyValue("outcome", outcome.name()).log("backfill work item handled");
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.atWarn().addKeyValue(LogFields.REASON, item.describe() + ": interrupted").log("backfill work item failed");
                return false;
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue(LogFields.REASON, item.describe() + ": " + e.getMessage()).setCause(e)
                        .log("backfill work item failed");
                return false;
            }
        }
    }

    private static DynamoDbClient dynamoDbClient(BackfillConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region())).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(CALL_ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static SqsClient sqsClient(BackfillConfig config) {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region())).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(CALL_ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static S3Client s3Client(BackfillConfig config) {
        S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region())).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(CALL_ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        config.s3Endpoint().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        return builder.build();
    }
}
