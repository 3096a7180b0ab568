package io.ddbsync.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.ddbsync.worker.delivery.Delivery;
import io.ddbsync.worker.delivery.DeliveryOutcome;
import io.ddbsync.worker.delivery.DeliveryProcessor;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import software.amazon.lambda.powertools.logging.Logging;

/**
 * Lambda handler for the SQS event source mapping: SQS messages → {@link Delivery deliveries} → the worker's
 * transport-free core ({@link DeliveryProcessor}) → {@link SQSBatchResponse} naming the failed messages by
 * {@code messageId} ({@code ReportBatchItemFailures}). The only class of the worker that sees SQS types: another
 * transport (e.g. Kinesis Data Streams for DynamoDB) is another handler over the same core. Wiring only:
 * collaborators are built once.
 */
public final class IndexWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The SQS system attribute that counts deliveries. */
    static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    private final DeliveryProcessor deliveries;
    /** Held here: the CRaC context keeps only a weak reference to what is registered. */
    private final SnapStartPriming priming;

    /** For the Lambda runtime: configuration from the environment. */
    public IndexWorkerHandler() {
        this(WorkerParts.fromEnv(System.getenv()));
    }

    public IndexWorkerHandler(WorkerParts parts) {
        this.deliveries = new DeliveryProcessor(parts);
        this.priming = new SnapStartPriming(parts);
        Core.getGlobalContext().register(priming); // SnapStart runs it before the snapshot
    }

    @Override
    @Logging(clearState = true)
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        deliveries.startInvocation(context);
        List<SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<Delivery> batch = new ArrayList<>(messages.size());
        for (SQSMessage m : messages) {
            batch.add(delivery(m));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DeliveryOutcome outcome : deliveries.process(batch, context::getRemainingTimeInMillis)) {
            if (outcome.failed()) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(outcome.id()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** An SQS message as the core sees it: message id, body, {@value #RECEIVE_COUNT} (0 when absent or unreadable). */
    static Delivery delivery(SQSMessage m) {
        String count = m.getAttributes() == null ? null : m.getAttributes().get(RECEIVE_COUNT);
        int receiveCount = 0;
        try {
            receiveCount = count == null ? 0 : Math.max(0, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            // an unreadable count is unknown, not a reason to fail the message
        }
        return new Delivery(m.getMessageId(), m.getBody() == null ? "" : m.getBody(), receiveCount);
    }
}
