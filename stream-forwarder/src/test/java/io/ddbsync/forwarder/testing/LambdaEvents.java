package io.ddbsync.forwarder.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Stream events read the way the Lambda Java runtime reads them (aws-lambda-java-serialization). */
public final class LambdaEvents {

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {
    }

    /** A fixture under {@code src/test/resources}, e.g. {@code events/ttl-delete.json}. */
    public static DynamodbEvent resource(String path) {
        try (InputStream in = LambdaEvents.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** Lambda JSON text, e.g. from {@link StreamEventJson}. */
    public static DynamodbEvent fromJson(String json) {
        return SERIALIZER.fromJson(json);
    }
}
