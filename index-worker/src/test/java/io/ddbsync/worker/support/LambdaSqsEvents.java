package io.ddbsync.worker.support;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.localstack.esm.SqsEventJson;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SQS events for the worker's tests: local-stack's {@link SqsEventJson} (the JSON Lambda sends for an
 * SQS event source mapping) turned into an {@link SQSEvent} through the Java runtime's own serializer.
 */
public final class LambdaSqsEvents {

    private static final PojoSerializer<SQSEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaSqsEvents.class.getClassLoader());
    public static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:ddbsync-changes";

    /** A message as SQS delivered it. */
    public record Delivered(String messageId, String receiptHandle, String body, Map<String, String> attributes) {

        public static Delivered fresh(String body) {
            return of(SqsEventJson.delivered(body));
        }

        public static Delivered of(Message m) {
            return new Delivered(m.messageId(), m.receiptHandle(), m.body(), m.attributesAsStrings());
        }

        Message toMessage() {
            return Message.builder().messageId(messageId).receiptHandle(receiptHandle).body(body)
                    .md5OfBody(SqsEventJson.md5(body)).attributesWithStrings(attributes).build();
        }
    }

    private LambdaSqsEvents() {
    }

    public static SQSEvent fromBodies(List<String> bodies) {
        return event(bodies.stream().map(Delivered::fresh).toList());
    }

    public static String json(List<Delivered> messages) {
        return SqsEventJson.toJson(messages.stream().map(Delivered::toMessage).toList(), QUEUE_ARN, "us-east-1");
    }

    public static SQSEvent event(List<Delivered> messages) {
        return SERIALIZER.fromJson(json(messages));
    }
}
