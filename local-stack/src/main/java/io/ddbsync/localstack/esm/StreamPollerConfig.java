package io.ddbsync.localstack.esm;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Settings of a DynamoDB Streams event source mapping, validated like Lambda validates them.
 *
 * @param functionName               the emulated function's name
 * @param streamArn                  the stream to read
 * @param startingPosition           TRIM_HORIZON or LATEST (for shards present at start; newer shards from their start)
 * @param batchSize                  records per invocation, 1–10,000
 * @param batchingWindow             how long to gather records before invoking, 0–300 s
 * @param reportBatchItemFailures    honour {@code StreamsEventResponse.batchItemFailures}
 * @param bisectBatchOnFunctionError split a failing batch in halves (splits don't count as retries)
 * @param maximumRetryAttempts       −1 (infinite) or 0–10,000
 * @param maximumRecordAgeInSeconds  −1 (infinite) or 60–604,800
 * @param functionTimeout            the function timeout, 1 s – 15 min
 * @param pollInterval               pause between GetRecords calls on a shard with nothing new (Lambda: 4 per second)
 * @param retryBackoff               pause before retrying a failed batch
 * @param uuid                       the mapping's id, Lambda's {@code UUID} of CreateEventSourceMapping (lower-case
 *                                   8-4-4-4-12 hex); it names the S3 objects of the on-failure destination
 */
public record StreamPollerConfig(String functionName, String streamArn, StartingPosition startingPosition, int batchSize,
                                 Duration batchingWindow, boolean reportBatchItemFailures,
                                 boolean bisectBatchOnFunctionError, int maximumRetryAttempts,
                                 int maximumRecordAgeInSeconds, Duration functionTimeout, Duration pollInterval,
                                 Duration retryBackoff, String uuid) {
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public StreamPollerConfig {
        SqsPollerConfig.validateFunctionName(functionName);
        if (streamArn == null || streamArn.isBlank()) {
            throw new EsmException("streamArn must be set (function " + functionName + ")");
        }
        Objects.requireNonNull(startingPosition, "startingPosition");
        if (batchSize < 1 || batchSize > 10_000) {
            throw new EsmException("batchSize must be 1–10000, was " + batchSize + " (function " + functionName + ")");
        }
        SqsPollerConfig.validateWindow(functionName, batchingWindow);
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new EsmException("maximumRetryAttempts must be -1 (infinite) or 0–10000, was " + maximumRetryAttempts
                    + " (function " + functionName + ")");
        }
        if (maximumRecordAgeInSeconds != -1 && (maximumRecordAgeInSeconds < 60 || maximumRecordAgeInSeconds > 604_800)) {
            throw new EsmException("maximumRecordAgeInSeconds must be -1 (infinite) or 60–604800, was "
                    + maximumRecordAgeInSeconds + " (function " + functionName + ")");
        }
        SqsPollerConfig.validateTimeout(functionName, functionTimeout);
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new EsmException("pollInterval must be > 0 and ≤ 10 s, was " + pollInterval + " (function " + functionName + ")");
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative() || retryBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new EsmException("retryBackoff must be 0–60 s, was " + retryBackoff + " (function " + functionName + ")");
        }
        if (uuid == null || !UUID_FORM.matcher(uuid).matches()) {
            throw new EsmException("uuid must be a lower-case UUID (8-4-4-4-12 hex digits), was " + uuid
                    + " (function " + functionName + ")");
        }
    }

    /**
     * Defaults: TRIM_HORIZON, batch size 100, no window, ReportBatchItemFailures and bisect on, 10 retries,
     * infinite record age, timeout 30 s, poll every 250 ms, 100 ms before a retry, a random UUID.
     */
    public static Builder builder(String functionName, String streamArn) {
        return new Builder(functionName, streamArn);
    }

    /** True when a batch that failed {@code retries} times after its first invocation may not be retried again. */
    boolean retriesExhausted(int retries) {
        return maximumRetryAttempts >= 0 && retries > maximumRetryAttempts;
    }

    /** Builds a {@link StreamPollerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final String functionName;
        private final String streamArn;
        private StartingPosition startingPosition = StartingPosition.TRIM_HORIZON;
        private int batchSize = 100;
        private Duration batchingWindow = Duration.ZERO;
        private boolean reportBatchItemFailures = true;
        private boolean bisectBatchOnFunctionError = true;
        private int maximumRetryAttempts = 10;
        private int maximumRecordAgeInSeconds = -1;
        private Duration functionTimeout = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration retryBackoff = Duration.ofMillis(100);
        private String uuid = UUID.randomUUID().toString();

        private Builder(String functionName, String streamArn) {
            this.functionName = functionName;
            this.streamArn = streamArn;
        }

        public Builder startingPosition(StartingPosition value) {
            this.startingPosition = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder batchingWindow(Duration value) {
            this.batchingWindow = value;
            return this;
        }

        public Builder reportBatchItemFailures(boolean value) {
            this.reportBatchItemFailures = value;
            return this;
        }

        public Builder bisectBatchOnFunctionError(boolean value) {
            this.bisectBatchOnFunctionError = value;
            return this;
        }

        public Builder maximumRetryAttempts(int value) {
            this.maximumRetryAttempts = value;
            return this;
        }

        public Builder maximumRecordAgeInSeconds(int value) {
            this.maximumRecordAgeInSeconds = value;
            return this;
        }

        public Builder functionTimeout(Duration value) {
            this.functionTimeout = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        public Builder retryBackoff(Duration value) {
            this.retryBackoff = value;
            return this;
        }

        public Builder uuid(String value) {
            this.uuid = value;
            return this;
        }

        public StreamPollerConfig build() {
            return new StreamPollerConfig(functionName, streamArn, startingPosition, batchSize, batchingWindow,
                    reportBatchItemFailures, bisectBatchOnFunctionError, maximumRetryAttempts, maximumRecordAgeInSeconds,
                    functionTimeout, pollInterval, retryBackoff, uuid);
        }
    }
}
