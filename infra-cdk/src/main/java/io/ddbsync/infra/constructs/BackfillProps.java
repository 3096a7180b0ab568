package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.BackfillSettings;
import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import java.util.List;
import software.amazon.awscdk.services.sqs.IQueue;

/** Inputs of {@link Backfill}; build with {@link #builder()}, which validates. */
public final class BackfillProps {

    private final List<String> tableArns;
    private final List<String> kmsKeyArns;
    private final IQueue changeQueue;
    private final String codePath;
    private final int timeoutSeconds;
    private final int memoryMb;
    private final int maxConcurrency;
    private final int maxMessageBytes;
    private final int maxReceiveCount;
    private final int exportRetentionDays;
    private final boolean snapStart;
    private final boolean tracing;

    private BackfillProps(Builder b) {
        Require.present(b.tableArns, "BackfillProps.tableArns");
        if (b.tableArns.isEmpty()) {
            throw new InvalidSettingException("BackfillProps.tableArns", "needs the ARN of every source table");
        }
        this.tableArns = List.copyOf(b.tableArns);
        this.kmsKeyArns = List.copyOf(Require.present(b.kmsKeyArns, "BackfillProps.kmsKeyArns"));
        this.changeQueue = Require.present(b.changeQueue, "BackfillProps.changeQueue");
        this.codePath = Require.present(b.codePath, "BackfillProps.codePath");
        this.timeoutSeconds = Require.range(b.timeoutSeconds, "BackfillProps.timeoutSeconds", 10, 900);
        this.memoryMb = Require.range(b.memoryMb, "BackfillProps.memoryMb", 128, 10_240);
        this.maxConcurrency = Require.range(b.maxConcurrency, "BackfillProps.maxConcurrency",
                BackfillSettings.MIN_MAX_CONCURRENCY, BackfillSettings.MAX_MAX_CONCURRENCY);
        this.maxMessageBytes = Require.range(b.maxMessageBytes, "BackfillProps.maxMessageBytes",
                io.ddbsync.model.config.ForwarderConfig.MIN_MAX_MESSAGE_BYTES, DdbSyncSettings.SQS_MAX_MESSAGE_BYTES);
        this.maxReceiveCount = Require.range(b.maxReceiveCount, "BackfillProps.maxReceiveCount", 5, 1000);
        this.exportRetentionDays = Require.range(b.exportRetentionDays, "BackfillProps.exportRetentionDays", 1, 3650);
        this.snapStart = b.snapStart;
        this.tracing = b.tracing;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The source tables: the function scans these only, and exports may be requested of these only. */
    public List<String> tableArns() { return tableArns; }
    /** Customer-managed keys of encrypted source tables (kms:Decrypt for Scan). */
    public List<String> kmsKeyArns() { return kmsKeyArns; }
    /** Where the function sends the scanned pages: the change queue the worker consumes. */
    public IQueue changeQueue() { return changeQueue; }
    /** Path of the backfill-worker jar. */
    public String codePath() { return codePath; }
    /** Timeout of the backfill function, which consumes the queue one work item per invocation. */
    public int timeoutSeconds() { return timeoutSeconds; }
    public int memoryMb() { return memoryMb; }
    /** The SQS event source mapping's maximum concurrency: segments scanned at once. */
    public int maxConcurrency() { return maxConcurrency; }
    /** The change queue's message bound, as the forwarder's (the function's MAX_MESSAGE_BYTES). */
    public int maxMessageBytes() { return maxMessageBytes; }
    /** Receives before a work item moves to the backfill DLQ (at least 5). */
    public int maxReceiveCount() { return maxReceiveCount; }
    public int exportRetentionDays() { return exportRetentionDays; }
    public boolean snapStart() { return snapStart; }
    /** X-Ray active tracing on the function. */
    public boolean tracing() { return tracing; }

    /** The backfill queue's visibility timeout: six times the function timeout (batch size 1, no window). */
    public int visibilityTimeoutSeconds() {
        return 6 * timeoutSeconds;
    }

    public static final class Builder {
        private List<String> tableArns;
        private List<String> kmsKeyArns = List.of();
        private IQueue changeQueue;
        private String codePath;
        private Integer timeoutSeconds;
        private Integer memoryMb;
        private Integer maxConcurrency;
        private Integer maxMessageBytes;
        private Integer maxReceiveCount;
        private Integer exportRetentionDays;
        private boolean snapStart = true;
        private boolean tracing;

        public Builder tableArns(List<String> v) { this.tableArns = v; return this; }
        public Builder kmsKeyArns(List<String> v) { this.kmsKeyArns = v; return this; }
        public Builder changeQueue(IQueue v) { this.changeQueue = v; return this; }
        public Builder codePath(String v) { this.codePath = v; return this; }
        public Builder timeoutSeconds(int v) { this.timeoutSeconds = v; return this; }
        public Builder memoryMb(int v) { this.memoryMb = v; return this; }
        public Builder maxConcurrency(int v) { this.maxConcurrency = v; return this; }
        public Builder maxMessageBytes(int v) { this.maxMessageBytes = v; return this; }
        public Builder maxReceiveCount(int v) { this.maxReceiveCount = v; return this; }
        public Builder exportRetentionDays(int v) { this.exportRetentionDays = v; return this; }
        public Builder snapStart(boolean v) { this.snapStart = v; return this; }
        public Builder tracing(boolean v) { this.tracing = v; return this; }

        public BackfillProps build() {
            return new BackfillProps(this);
        }
    }
}
