package io.ddbsync.localstack.esm;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Context} of one emulated invocation: names like Lambda's, and {@link #getRemainingTimeInMillis()}
 * counting down from the function timeout from the moment the invocation started.
 */
public final class LambdaContext implements Context {
    private static final int MEMORY_LIMIT_MB = 512;
    /** What a function writes with {@code context.getLogger()}: a log line of the logger "lambda". */
    private static final Logger FUNCTION_LOG = LoggerFactory.getLogger("lambda");
    private static final LambdaLogger STDERR_LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            FUNCTION_LOG.info(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String functionName;
    private final String functionArn;
    private final String requestId;
    private final IntSupplier remainingMillis;

    /** A context whose remaining time counts down from {@code timeout}, starting now (per {@code nanoTime}). */
    public LambdaContext(String functionName, String functionArn, String requestId, Duration timeout, LongSupplier nanoTime) {
        this(functionName, functionArn, requestId, countdown(timeout, Objects.requireNonNull(nanoTime, "nanoTime")));
    }

    private LambdaContext(String functionName, String functionArn, String requestId, IntSupplier remainingMillis) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.remainingMillis = Objects.requireNonNull(remainingMillis, "remainingMillis");
    }

    /**
     * A context for a handler called directly by a test: a fresh request id, and the remaining time
     * {@code remainingMillis} says (fixed, or changing as the test goes).
     */
    public static LambdaContext of(String functionName, IntSupplier remainingMillis) {
        return new LambdaContext(functionName, arn(functionName), UUID.randomUUID().toString(), remainingMillis);
    }

    /** A context whose remaining time runs down from {@code millis} with the clock, as Lambda's does. */
    public static LambdaContext deadlineIn(String functionName, long millis) {
        return new LambdaContext(functionName, arn(functionName), UUID.randomUUID().toString(), Duration.ofMillis(millis),
                System::nanoTime);
    }

    /** The ARN of a function of this name in the local account and region. */
    public static String arn(String functionName) {
        // LocalAws.REGION and ACCOUNT_ID, spelled out: this class must load without the SDK (ColdStartProbe)
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    private static IntSupplier countdown(Duration timeout, LongSupplier nanoTime) {
        long deadlineNanos = nanoTime.getAsLong() + timeout.toNanos();
        return () -> {
            long remaining = Duration.ofNanos(deadlineNanos - nanoTime.getAsLong()).toMillis();
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    /** Milliseconds left until the function timeout; 0 once it has passed. */
    @Override
    public int getRemainingTimeInMillis() {
        return Math.max(0, remainingMillis.getAsInt());
    }

    @Override
    public int getMemoryLimitInMB() {
        return MEMORY_LIMIT_MB;
    }

    @Override
    public LambdaLogger getLogger() {
        return STDERR_LOGGER;
    }
}
