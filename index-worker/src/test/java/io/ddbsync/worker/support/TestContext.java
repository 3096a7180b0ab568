package io.ddbsync.worker.support;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.IntSupplier;

/** A Lambda context whose remaining time the test controls. */
public final class TestContext implements Context {

    private final IntSupplier remainingMillis;
    private final String requestId = UUID.randomUUID().toString();

    public TestContext(IntSupplier remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    /** A context whose remaining time runs down from {@code millis} with the wall clock, as Lambda's does. */
    public static TestContext deadlineIn(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        return new TestContext(() -> (int) Math.max(0, deadline - System.currentTimeMillis()));
    }

    public static TestContext plenty() {
        return new TestContext(() -> 600_000);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/index-worker";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "index-worker";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:index-worker";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
