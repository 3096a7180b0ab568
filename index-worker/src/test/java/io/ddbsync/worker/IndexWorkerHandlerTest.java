package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.worker.delivery.Delivery;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQS handler's one job besides wiring: an SQS message, as Lambda sends it, becomes a transport-free delivery. */
class IndexWorkerHandlerTest {

    @Test
    void delivery_messageAsLambdaSendsIt_carriesIdBodyAndReceiveCount() {
        SQSEvent event = LambdaSqsEvents.event(List.of(new LambdaSqsEvents.Delivered("m-1", "rh-1", "{\"v\":1}",
                Map.of("ApproximateReceiveCount", "4", "SentTimestamp", "1700000000000"))));

        Delivery d = IndexWorkerHandler.delivery(event.getRecords().get(0));

        assertThat(d).isEqualTo(new Delivery("m-1", "{\"v\":1}", 4));
    }

    @Test
    void delivery_withoutReceiveCount_countsZero() {
        SQSEvent event = LambdaSqsEvents.event(List.of(new LambdaSqsEvents.Delivered("m-2", "rh-2", "body", Map.of())));

        assertThat(IndexWorkerHandler.delivery(event.getRecords().get(0)).receiveCount()).isZero();
    }
}
