package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.InvalidSettingException;
import java.util.List;

/** Inputs of {@link Backfill}; build with {@link #builder()}, which validates. */
public final class BackfillProps {

    private final List<String> tableArns;
    private final int timeoutSeconds;
    private final int maxReceiveCount;
    private final int exportRetentionDays;

    private BackfillProps(Builder b) {
        Require.present(b.tableArns, "BackfillProps.tableArns");
        if (b.tableArns.isEmpty()) {
            throw new InvalidSettingException("BackfillProps.tableArns", "needs the ARN of every source table");
        }
        this.tableArns = List.copyOf(b.tableArns);
        this.timeoutSeconds = Require.range(b.timeoutSeconds, "BackfillProps.timeoutSeconds", 10, 900);
        this.maxReceiveCount = Require.range(b.maxReceiveCount, "BackfillProps.maxReceiveCount", 5, 1000);
        this.exportRetentionDays = Require.range(b.exportRetentionDays, "BackfillProps.exportRetentionDays", 1, 3650);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The source tables: exports may be requested of these only. */
    public List<String> tableArns() { return tableArns; }
    /** Timeout of the backfill function that will consume the queue. */
    public int timeoutSeconds() { return timeoutSeconds; }
    /** Receives before a work item moves to the backfill DLQ (at least 5). */
    public int maxReceiveCount() { return maxReceiveCount; }
    public int exportRetentionDays() { return exportRetentionDays; }

    /** The backfill queue's visibility timeout: six times the function timeout (batch size 1, no window). */
    public int visibilityTimeoutSeconds() {
        return 6 * timeoutSeconds;
    }

    public static final class Builder {
        private List<String> tableArns;
        private Integer timeoutSeconds;
        private Integer maxReceiveCount;
        private Integer exportRetentionDays;

        public Builder tableArns(List<String> v) { this.tableArns = v; return this; }
        public Builder timeoutSeconds(int v) { this.timeoutSeconds = v; return this; }
        public Builder maxReceiveCount(int v) { this.maxReceiveCount = v; return this; }
        public Builder exportRetentionDays(int v) { this.exportRetentionDays = v; return this; }

        public BackfillProps build() {
            return new BackfillProps(this);
        }
    }
}
