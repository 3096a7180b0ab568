package io.ddbsync.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BackfillHandlerTest {

    private static SQSEvent event(String resource) throws Exception {
        PojoSerializer<SQSEvent> serializer = LambdaEventSerializers.serializerFor(SQSEvent.class, BackfillHandlerTest.class.getClassLoader());
        try (InputStream in = BackfillHandlerTest.class.getResourceAsStream(resource)) {
            return serializer.fromJson(in);
        }
    }

    @Test
    void handleRequest_bodyNotAWorkItem_isABatchItemFailureOfThatMessage() throws Exception {
        // the scanner is never reached: a body that is not a work item fails before any AWS call
        BackfillHandler handler = new BackfillHandler((SegmentScanner) null, null);

        SQSBatchResponse response = handler.handleRequest(event("/events/sqs-work-item-not-json.json"), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("059f36b4-87a3-44ab-83d2-661975830a7d");
    }

    @Test
    void handleRequest_noRecords_returnsNoFailures() {
        assertThat(new BackfillHandler((SegmentScanner) null, null).handleRequest(new SQSEvent(), null).getBatchItemFailures()).isEmpty();
    }
}
