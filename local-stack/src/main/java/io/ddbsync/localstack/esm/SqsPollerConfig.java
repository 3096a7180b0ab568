package io.ddbsync.localstack.esm;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of an SQS event source mapping, validated like Lambda validates them.
 *
 * @param functionName            the emulated function's name (letters, digits, {@code -}, {@code _}; ≤ 64)
 * @param queueUrl                the source queue
 * @param batchSize               records per invocation, 1–10,000 (above 10 needs a batching window ≥ 1 s)
 * @param batchingWindow          how long to gather a batch after the first message, 0–300 s
 * @param concurrency             parallel pollers, each invoking the handler on its own thread, 1–1,000
 * @param functionTimeout         the function timeout, 1 s – 15 min (the context counts down from it)
 * @param reportBatchItemFailures honour {@code SQSBatchResponse.batchItemFailures} (else any return deletes all)
 * @param pollWait                ReceiveMessage long-poll wait, 0–20 s; also bounds how long {@code close()} waits
 */
public record SqsPollerConfig(String functionName, String queueUrl, int batchSize, Duration batchingWindow,
                              int concurrency, Duration functionTimeout, boolean reportBatchItemFailures,
                              Duration pollWait) {
    static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Duration MAX_WINDOW = Duration.ofSeconds(300);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration MAX_WAIT = Duration.ofSeconds(20);

    public SqsPollerConfig {
        validateFunctionName(functionName);
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new EsmException("queueUrl must be set (function " + functionName + ")");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new EsmException("batchSize must be 1–10000, was " + batchSize + " (function " + functionName + ")");
        }
        validateWindow(functionName, batchingWindow);
        if (batchSize > 10 && batchingWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new EsmException("batchingWindow must be at least 1 s when batchSize > 10, was " + batchingWindow
                    + " (function " + functionName + ")");
        }
        if (concurrency < 1 || concurrency > 1_000) {
            throw new EsmException("concurrency must be 1–1000, was " + concurrency + " (function " + functionName + ")");
        }
        validateTimeout(functionName, functionTimeout);
        Objects.requireNonNull(pollWait, "pollWait");
        if (pollWait.isNegative() || pollWait.compareTo(MAX_WAIT) > 0 || pollWait.toMillis() % 1000 != 0) {
            throw new EsmException("pollWait must be whole seconds 0–20 s, was " + pollWait + " (function " + functionName + ")");
        }
    }

    /** Defaults: batch size 10, no window, concurrency 2, timeout 30 s, ReportBatchItemFailures on, 1 s poll wait. */
    public static Builder builder(String functionName, String queueUrl) {
        return new Builder(functionName, queueUrl);
    }

    static void validateFunctionName(String functionName) {
        if (functionName == null || !FUNCTION_NAME.matcher(functionName).matches()) {
            throw new EsmException("functionName must be 1–64 letters, digits, '-' or '_', was " + functionName);
        }
    }

    static void validateWindow(String functionName, Duration window) {
        Objects.requireNonNull(window, "batchingWindow");
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
            throw new EsmException("batchingWindow must be 0–300 s, was " + window + " (function " + functionName + ")");
        }
    }

    static void validateTimeout(String functionName, Duration timeout) {
        Objects.requireNonNull(timeout, "functionTimeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new EsmException("functionTimeout must be 1 s – 15 min, was " + timeout + " (function " + functionName + ")");
        }
    }

    /** Builds a {@link SqsPollerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final String functionName;
        private final String queueUrl;
        private int batchSize = 10;
        private Duration batchingWindow = Duration.ZERO;
        private int concurrency = 2;
        private Duration functionTimeout = Duration.ofSeconds(30);
        private boolean reportBatchItemFailures = true;
        private Duration pollWait = Duration.ofSeconds(1);

        private Builder(String functionName, String queueUrl) {
            this.functionName = functionName;
            this.queueUrl = queueUrl;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder batchingWindow(Duration value) {
            this.batchingWindow = value;
            return this;
        }

        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        public Builder functionTimeout(Duration value) {
            this.functionTimeout = value;
            return this;
        }

        public Builder reportBatchItemFailures(boolean value) {
            this.reportBatchItemFailures = value;
            return this;
        }

        public Builder pollWait(Duration value) {
            this.pollWait = value;
            return this;
        }

        public SqsPollerConfig build() {
            return new SqsPollerConfig(functionName, queueUrl, batchSize, batchingWindow, concurrency, functionTimeout,
                    reportBatchItemFailures, pollWait);
        }
    }
}
