package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.DdbSyncSettings;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.sqs.IQueue;

/** Inputs of {@link Forwarder}; build with {@link #builder()}, which validates. */
public final class ForwarderProps {

    private final String tableName;
    private final java.util.Optional<String> kmsKeyArn;
    private final ITable sourceTable;
    private final IQueue changeQueue;
    private final StreamFailureDestination onFailure;
    private final String codePath;
    private final int maxMessageBytes;
    private final int batchSize;
    private final int batchingWindowSeconds;
    private final int parallelizationFactor;
    private final int retryAttempts;
    private final int maxRecordAgeSeconds;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final boolean snapStart;
    private final boolean tracing;

    private ForwarderProps(Builder b) {
        this.tableName = Require.present(b.tableName, "ForwarderProps.tableName");
        this.kmsKeyArn = java.util.Optional.ofNullable(b.kmsKeyArn);
        this.sourceTable = Require.present(b.sourceTable, "ForwarderProps.sourceTable");
        if (sourceTable.getTableStreamArn() == null) {
            throw new io.ddbsync.infra.config.InvalidSettingException("ForwarderProps.sourceTable",
                    "has no stream ARN: the table's stream must be enabled");
        }
        this.changeQueue = Require.present(b.changeQueue, "ForwarderProps.changeQueue");
        this.onFailure = Require.present(b.onFailure, "ForwarderProps.onFailure");
        this.codePath = Require.present(b.codePath, "ForwarderProps.codePath");
        this.maxMessageBytes = Require.range(b.maxMessageBytes, "ForwarderProps.maxMessageBytes", io.ddbsync.model.config.ForwarderConfig.MIN_MAX_MESSAGE_BYTES,
                DdbSyncSettings.SQS_MAX_MESSAGE_BYTES);
        this.batchSize = Require.range(b.batchSize, "ForwarderProps.batchSize", 1, 10_000);
        this.batchingWindowSeconds = Require.range(b.batchingWindowSeconds, "ForwarderProps.batchingWindowSeconds", 0, 300);
        this.parallelizationFactor = Require.range(b.parallelizationFactor, "ForwarderProps.parallelizationFactor", 1, 10);
        this.retryAttempts = Require.range(b.retryAttempts, "ForwarderProps.retryAttempts", 0, 10_000);
        this.maxRecordAgeSeconds = Require.range(b.maxRecordAgeSeconds, "ForwarderProps.maxRecordAgeSeconds", 60, 604_800);
        this.memoryMb = Require.range(b.memoryMb, "ForwarderProps.memoryMb", 128, 10_240);
        this.timeoutSeconds = Require.range(b.timeoutSeconds, "ForwarderProps.timeoutSeconds", 3, 900);
        this.snapStart = b.snapStart;
        this.tracing = b.tracing;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String tableName() { return tableName; }
    /** Customer-managed key of the table (its stream is read with kms:Decrypt), if any. */
    public java.util.Optional<String> kmsKeyArn() { return kmsKeyArn; }
    public ITable sourceTable() { return sourceTable; }
    public IQueue changeQueue() { return changeQueue; }
    /** Where the mapping leaves a batch it gives up on. */
    public StreamFailureDestination onFailure() { return onFailure; }
    public String codePath() { return codePath; }
    public int maxMessageBytes() { return maxMessageBytes; }
    public int batchSize() { return batchSize; }
    public int batchingWindowSeconds() { return batchingWindowSeconds; }
    public int parallelizationFactor() { return parallelizationFactor; }
    public int retryAttempts() { return retryAttempts; }
    public int maxRecordAgeSeconds() { return maxRecordAgeSeconds; }
    public int memoryMb() { return memoryMb; }
    public int timeoutSeconds() { return timeoutSeconds; }
    public boolean snapStart() { return snapStart; }
    /** X-Ray active tracing on the function(s). */
    public boolean tracing() { return tracing; }

    public static final class Builder {
        private String tableName;
        private String kmsKeyArn;
        private ITable sourceTable;
        private IQueue changeQueue;
        private StreamFailureDestination onFailure;
        private String codePath;
        private Integer maxMessageBytes;
        private Integer batchSize;
        private Integer batchingWindowSeconds;
        private Integer parallelizationFactor;
        private Integer retryAttempts;
        private Integer maxRecordAgeSeconds;
        private Integer memoryMb;
        private Integer timeoutSeconds;
        private boolean snapStart = true;
        private boolean tracing;

        public Builder tableName(String v) { this.tableName = v; return this; }
        public Builder kmsKeyArn(String v) { this.kmsKeyArn = v; return this; }
        /** The source table; must carry its stream ARN. */
        public Builder sourceTable(ITable v) { this.sourceTable = v; return this; }
        public Builder changeQueue(IQueue v) { this.changeQueue = v; return this; }
        /** The failure bucket or the stream-failure queue. */
        public Builder onFailure(StreamFailureDestination v) { this.onFailure = v; return this; }
        /** Path of the stream-forwarder jar. */
        public Builder codePath(String v) { this.codePath = v; return this; }
        public Builder maxMessageBytes(int v) { this.maxMessageBytes = v; return this; }
        public Builder batchSize(int v) { this.batchSize = v; return this; }
        public Builder batchingWindowSeconds(int v) { this.batchingWindowSeconds = v; return this; }
        public Builder parallelizationFactor(int v) { this.parallelizationFactor = v; return this; }
        public Builder retryAttempts(int v) { this.retryAttempts = v; return this; }
        public Builder maxRecordAgeSeconds(int v) { this.maxRecordAgeSeconds = v; return this; }
        public Builder memoryMb(int v) { this.memoryMb = v; return this; }
        public Builder timeoutSeconds(int v) { this.timeoutSeconds = v; return this; }
        public Builder snapStart(boolean v) { this.snapStart = v; return this; }
        public Builder tracing(boolean v) { this.tracing = v; return this; }

        public ForwarderProps build() {
            return new ForwarderProps(this);
        }
    }
}
