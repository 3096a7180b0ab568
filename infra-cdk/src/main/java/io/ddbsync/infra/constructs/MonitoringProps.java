package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.AlarmThresholds;
import io.ddbsync.infra.config.InvalidSettingException;
import java.util.Optional;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/** Inputs of {@link Monitoring}; build with {@link #builder()}, which validates. */
public final class MonitoringProps {

    private final String dashboardName;
    private final IFunction forwarder;
    private final IFunction worker;
    private final IQueue changeQueue;
    private final IQueue deadLetterQueue;
    private final IQueue streamFailureQueue;
    private final Optional<String> domainName;
    private final Optional<String> domainAccountId;
    private final Optional<String> alarmEmail;
    private final AlarmThresholds thresholds;

    private MonitoringProps(Builder b) {
        this.dashboardName = Require.present(b.dashboardName, "MonitoringProps.dashboardName");
        this.forwarder = Require.present(b.forwarder, "MonitoringProps.forwarder");
        this.worker = Require.present(b.worker, "MonitoringProps.worker");
        this.changeQueue = Require.present(b.changeQueue, "MonitoringProps.changeQueue");
        this.deadLetterQueue = Require.present(b.deadLetterQueue, "MonitoringProps.deadLetterQueue");
        this.streamFailureQueue = Require.present(b.streamFailureQueue, "MonitoringProps.streamFailureQueue");
        if ((b.domainName == null) != (b.domainAccountId == null)) {
            throw new InvalidSettingException("MonitoringProps.domain", "needs both the domain name and its account id");
        }
        this.domainName = Optional.ofNullable(b.domainName);
        this.domainAccountId = Optional.ofNullable(b.domainAccountId);
        this.alarmEmail = Optional.ofNullable(b.alarmEmail);
        this.thresholds = Require.present(b.thresholds, "MonitoringProps.thresholds");
    }

    public static Builder builder() {
        return new Builder();
    }

    public String dashboardName() { return dashboardName; }
    public IFunction forwarder() { return forwarder; }
    public IFunction worker() { return worker; }
    public IQueue changeQueue() { return changeQueue; }
    public IQueue deadLetterQueue() { return deadLetterQueue; }
    public IQueue streamFailureQueue() { return streamFailureQueue; }
    /** OpenSearch domain name; empty when the domain is not known (no cluster widgets or alarms). */
    public Optional<String> domainName() { return domainName; }
    public Optional<String> domainAccountId() { return domainAccountId; }
    public Optional<String> alarmEmail() { return alarmEmail; }
    public AlarmThresholds thresholds() { return thresholds; }

    public static final class Builder {
        private String dashboardName;
        private IFunction forwarder;
        private IFunction worker;
        private IQueue changeQueue;
        private IQueue deadLetterQueue;
        private IQueue streamFailureQueue;
        private String domainName;
        private String domainAccountId;
        private String alarmEmail;
        private AlarmThresholds thresholds;

        public Builder dashboardName(String v) { this.dashboardName = v; return this; }
        public Builder forwarder(IFunction v) { this.forwarder = v; return this; }
        public Builder worker(IFunction v) { this.worker = v; return this; }
        public Builder changeQueue(IQueue v) { this.changeQueue = v; return this; }
        public Builder deadLetterQueue(IQueue v) { this.deadLetterQueue = v; return this; }
        public Builder streamFailureQueue(IQueue v) { this.streamFailureQueue = v; return this; }
        /** The OpenSearch domain (name and owning account), for the cluster widgets and alarms. */
        public Builder domain(String name, String accountId) {
            this.domainName = name;
            this.domainAccountId = accountId;
            return this;
        }
        public Builder alarmEmail(String v) { this.alarmEmail = v; return this; }
        public Builder thresholds(AlarmThresholds v) { this.thresholds = v; return this; }

        public MonitoringProps build() {
            return new MonitoringProps(this);
        }
    }
}
