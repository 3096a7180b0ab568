package io.ddbsync.localstack.esm;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.localstack.LocalAws;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * A handler invoked the way the Java Lambda runtime invokes it: the event JSON is turned into the handler's
 * input type by the runtime's own serializer ({@code aws-lambda-java-serialization}), the handler runs with a
 * {@link LambdaContext} whose remaining time counts down from the function timeout.
 *
 * <p>The handler runs on the calling thread and cannot be stopped mid-way; a handler that returns after the
 * timeout is reported as timed out (its output is discarded), as Lambda would have.
 */
public final class LambdaFunction<I, O> {
    private final String name;
    private final String arn;
    private final Duration timeout;
    private final PojoSerializer<I> serializer;
    private final RequestHandler<I, O> handler;
    private final LongSupplier nanoTime;

    private LambdaFunction(String name, Class<I> inputType, RequestHandler<I, O> handler, Duration timeout, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.arn = LambdaContext.arn(name);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.nanoTime = nanoTime;
        this.serializer = LambdaEventSerializers.serializerFor(inputType, inputType.getClassLoader());
    }

    /** A function named {@code name} whose input of type {@code inputType} is read by the runtime serializer. */
    public static <I, O> LambdaFunction<I, O> of(String name, Class<I> inputType, RequestHandler<I, O> handler, Duration timeout) {
        return new LambdaFunction<>(name, inputType, handler, timeout, System::nanoTime);
    }

    /** As {@link #of}, timing the invocation with {@code nanoTime} (tests). */
    static <I, O> LambdaFunction<I, O> of(String name, Class<I> inputType, RequestHandler<I, O> handler, Duration timeout,
                                          LongSupplier nanoTime) {
        return new LambdaFunction<>(name, inputType, handler, timeout, nanoTime);
    }

    public String name() {
        return name;
    }

    /** {@code arn:aws:lambda:<region>:<account>:function:<name>} with the local region and account. */
    public String arn() {
        return arn;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Deserializes {@code eventJson} with the runtime serializer and invokes the handler. An event the serializer
     * rejects fails the invocation (an {@link EsmException} as its error), as the runtime fails it before the
     * handler runs; the records stay recoverable through the mapping's retry and failure handling.
     */
    public Invocation<O> invoke(String eventJson) {
        String requestId = UUID.randomUUID().toString();
        I input;
        try {
            input = serializer.fromJson(eventJson);
        } catch (RuntimeException e) {
            return Invocation.threw(requestId, new EsmException("the Lambda runtime serializer rejected the event for function "
                    + name + " (request " + requestId + ")", e), Duration.ZERO);
        }
        LambdaContext context = new LambdaContext(name, arn, requestId, timeout, nanoTime);
        long start = nanoTime.getAsLong();
        try {
            O output = handler.handleRequest(input, context);
            Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
            return took.compareTo(timeout) > 0 ? Invocation.timedOut(requestId, took) : Invocation.returned(requestId, output, took);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // NOPMD: Lambda reports any throwable of the handler as a function error
            return Invocation.threw(requestId, e, Duration.ofNanos(nanoTime.getAsLong() - start));
        }
    }
}
