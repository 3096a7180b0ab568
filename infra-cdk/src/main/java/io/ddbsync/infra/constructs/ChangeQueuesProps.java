package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.DdbSyncSettings;

/** Inputs of {@link ChangeQueues}; build with {@link #builder()}, which validates. */
public final class ChangeQueuesProps {

    private final int maxMessageBytes;
    private final int workerTimeoutSeconds;
    private final int workerBatchingWindowSeconds;
    private final int maxReceiveCount;
    private final boolean streamFailureQueue;

    private ChangeQueuesProps(Builder b) {
        this.maxMessageBytes = Require.range(b.maxMessageBytes, "ChangeQueuesProps.maxMessageBytes", io.ddbsync.model.config.ForwarderConfig.MIN_MAX_MESSAGE_BYTES,
                DdbSyncSettings.SQS_MAX_MESSAGE_BYTES);
        this.workerTimeoutSeconds = Require.range(b.workerTimeoutSeconds, "ChangeQueuesProps.workerTimeoutSeconds", 1, 900);
        this.workerBatchingWindowSeconds = Require.range(b.workerBatchingWindowSeconds,
                "ChangeQueuesProps.workerBatchingWindowSeconds", 0, 300);
        this.maxReceiveCount = Require.range(b.maxReceiveCount, "ChangeQueuesProps.maxReceiveCount", 5, 1000);
        this.streamFailureQueue = b.streamFailureQueue;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SQS MaximumMessageSize of the change queue and DLQ; equals the forwarder's MAX_MESSAGE_BYTES. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int workerTimeoutSeconds() {
        return workerTimeoutSeconds;
    }

    public int workerBatchingWindowSeconds() {
        return workerBatchingWindowSeconds;
    }

    /** Receives before a message moves to the DLQ (at least 5, per the SQS→Lambda guidance). */
    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    /** Whether to create the stream-failure queue (the stream mappings' on-failure destination is SQS). */
    public boolean streamFailureQueue() {
        return streamFailureQueue;
    }

    /** Visibility timeout: 6 × the worker timeout plus the batching window. */
    public int visibilityTimeoutSeconds() {
        return 6 * workerTimeoutSeconds + workerBatchingWindowSeconds;
    }

    public static final class Builder {
        private Integer maxMessageBytes;
        private Integer workerTimeoutSeconds;
        private Integer workerBatchingWindowSeconds;
        private Integer maxReceiveCount;
        private boolean streamFailureQueue;

        /** Create the stream-failure queue (default: no, the failure bucket is the destination). */
        public Builder streamFailureQueue(boolean value) {
            this.streamFailureQueue = value;
            return this;
        }

        public Builder maxMessageBytes(int value) {
            this.maxMessageBytes = value;
            return this;
        }

        public Builder workerTimeoutSeconds(int value) {
            this.workerTimeoutSeconds = value;
            return this;
        }

        public Builder workerBatchingWindowSeconds(int value) {
            this.workerBatchingWindowSeconds = value;
            return this;
        }

        public Builder maxReceiveCount(int value) {
            this.maxReceiveCount = value;
            return this;
        }

        public ChangeQueuesProps build() {
            ChangeQueuesProps props = new ChangeQueuesProps(this);
            if (props.visibilityTimeoutSeconds() > DdbSyncSettings.SQS_MAX_VISIBILITY_SECONDS) {
                throw new io.ddbsync.infra.config.InvalidSettingException("ChangeQueuesProps.workerTimeoutSeconds",
                        "gives a visibility timeout above SQS's 43200 s");
            }
            return props;
        }
    }
}
