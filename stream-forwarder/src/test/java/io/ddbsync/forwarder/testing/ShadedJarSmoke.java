package io.ddbsync.forwarder.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.forwarder.StreamForwarderHandler;
import java.io.InputStream;

/**
 * Runs in a separate JVM whose class path is the deployable jar plus the runtime's serializer:
 * reads an event resource as the Lambda runtime does, invokes the handler through its no-argument
 * constructor (configuration from the environment) and prints the response's failure count.
 */
public final class ShadedJarSmoke {

    public static final String RESULT_PREFIX = "SMOKE-RESULT batchItemFailures=";

    private ShadedJarSmoke() {
    }

    public static void main(String[] args) throws Exception {
        PojoSerializer<DynamodbEvent> serializer =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, ShadedJarSmoke.class.getClassLoader());
        DynamodbEvent event;
        try (InputStream in = ShadedJarSmoke.class.getClassLoader().getResourceAsStream(args[0])) {
            event = serializer.fromJson(in);
        }
        StreamsEventResponse response = new StreamForwarderHandler().handleRequest(event, null);
        System.out.println(RESULT_PREFIX + response.getBatchItemFailures().size());
    }
}
