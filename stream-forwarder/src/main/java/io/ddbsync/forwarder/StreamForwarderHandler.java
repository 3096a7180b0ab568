package io.ddbsync.forwarder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.ddbsync.forwarder.internal.map.StreamRecordMapper;
import io.ddbsync.forwarder.internal.map.StreamArns;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.aws.sqs.Backoff;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.Sleeper;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.aws.metrics.EmfEnvironments;
import io.ddbsync.model.pack.EnvelopePacker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.crac.Core;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.lambda.powertools.logging.Logging;

/**
 * Lambda entry point for a DynamoDB stream event source mapping with ReportBatchItemFailures:
 * forwards the batch's records to the change queue and reports the first record not enqueued.
 * Wiring only; the work is in {@link StreamRecordForwarder}. Powertools Logging adds the invocation's ids
 * (request id, cold start) to every log line; metrics are one EMF line per invocation.
 */
public final class StreamForwarderHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    /** Envelope fields around a raw record (v, id, table, reason…): reserved when bounding raw records. */
    static final int RAW_ENVELOPE_OVERHEAD = 2_048;

    static final Duration CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** Time kept in hand before starting a request or a retry: one call's limit plus a margin to respond. */
    public static final long RESERVE_MILLIS = CALL_TIMEOUT.toMillis() + 3_000;

    private final StreamRecordForwarder forwarder;
    private final Environment metrics;
    private final Clock clock;
    /** Held here: the CRaC context keeps only a weak reference to what is registered. */
    private final SnapStartPriming priming;

    /** Used by the Lambda runtime: reads the environment once and builds the SQS client once. */
    public StreamForwarderHandler() {
        this(ForwarderConfig.fromEnv(System.getenv()));
    }

    private StreamForwarderHandler(ForwarderConfig config) {
        this(config, sqsClient(config), EmfEnvironments.lambda(), Clock.systemUTC());
    }

    /**
     * Collaborators given, for tests and the local stack.
     *
     * @param metrics where the EMF lines go ({@link EmfEnvironments})
     */
    public StreamForwarderHandler(ForwarderConfig config, SqsClient sqs, Environment metrics, Clock clock) {
        this(forwarder(config, sqs), metrics, clock, new SnapStartPriming(config, sqs));
    }

    public StreamForwarderHandler(StreamRecordForwarder forwarder, Environment metrics, Clock clock) {
        this(forwarder, metrics, clock, null);
    }

    private StreamForwarderHandler(StreamRecordForwarder forwarder, Environment metrics, Clock clock, SnapStartPriming priming) {
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.clock = clock;
        this.priming = priming;
        if (priming != null) {
            Core.getGlobalContext().register(priming); // SnapStart runs it before the snapshot
        }
    }

    @Override
    @Logging(clearState = true)
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        InvocationMetrics counters = new InvocationMetrics(records.isEmpty() ? null
                : StreamArns.tableName(records.get(0).getEventSourceARN()).orElse(null));
        try {
            ForwardResult result = forwarder.forward(records, counters,
                    context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
            return result.resumeSequenceNumber()
                    .map(seq -> new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(seq))))
                    .orElseGet(() -> new StreamsEventResponse(List.of()));
        } finally {
            counters.flush(metrics, clock);
        }
    }

    static StreamRecordForwarder forwarder(ForwarderConfig config, SqsClient sqs) {
        return forwarder(config, sqs, Sleeper.real());
    }

    /** The forwarder the handler runs, for {@code config}; {@code sleeper} waits between retries. */
    public static StreamRecordForwarder forwarder(ForwarderConfig config, SqsClient sqs, Sleeper sleeper) {
        return forwarder(config, new SqsChangeQueue(sqs, config.changeQueueUrl().toString(), Backoff.DEFAULT, sleeper,
                () -> ThreadLocalRandom.current().nextDouble(), RESERVE_MILLIS));
    }

    /** The forwarder the handler runs, for {@code config}, sending to {@code queue}. */
    public static StreamRecordForwarder forwarder(ForwarderConfig config, ChangeQueue queue) {
        // SQS counts attributes in a message's size: bodies get what the attributes leave.
        int maxBody = config.maxBodyBytes();
        return new StreamRecordForwarder(
                new StreamRecordMapper(Math.max(256, maxBody - RAW_ENVELOPE_OVERHEAD)),
                new EnvelopePacker(maxBody, config.compression()),
                queue, RESERVE_MILLIS);
    }

    private static SqsClient sqsClient(ForwarderConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // bound each call so a stalled connection ends in a retry or a partial response, not a Lambda timeout
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(CALL_ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
