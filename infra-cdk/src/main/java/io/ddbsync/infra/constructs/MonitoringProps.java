package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.AlarmPlan;
import io.ddbsync.infra.config.AlarmThresholds;
import io.ddbsync.infra.config.InvalidSettingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/** Inputs of {@link Monitoring}; build with {@link #builder()}, which validates. */
public final class MonitoringProps {

    /** The domain's metric dimensions and what is known of its shape, for the alarms that depend on it. */
    public record DomainShape(String name, String accountId, AlarmPlan.Domain shape) {
    }

    private final String namePrefix;
    private final Map<String, IFunction> forwarders;
    private final IFunction worker;
    private final IFunction purge;
    private final IQueue changeQueue;
    private final IQueue deadLetterQueue;
    private final StreamFailureDestination streamFailures;
    private final IQueue backfillQueue;
    private final IQueue backfillDeadLetterQueue;
    private final IFunction backfillFunction;
    private final Optional<DomainShape> domain;
    private final Optional<String> alarmEmail;
    private final AlarmThresholds thresholds;

    private MonitoringProps(Builder b) {
        this.namePrefix = Require.present(b.namePrefix, "MonitoringProps.namePrefix");
        Require.present(b.forwarders, "MonitoringProps.forwarders");
        if (b.forwarders.isEmpty()) {
            throw new InvalidSettingException("MonitoringProps.forwarders", "needs one forwarder per table");
        }
        this.forwarders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.forwarders));
        this.worker = Require.present(b.worker, "MonitoringProps.worker");
        this.purge = Require.present(b.purge, "MonitoringProps.purge");
        this.changeQueue = Require.present(b.changeQueue, "MonitoringProps.changeQueue");
        this.deadLetterQueue = Require.present(b.deadLetterQueue, "MonitoringProps.deadLetterQueue");
        this.streamFailures = Require.present(b.streamFailures, "MonitoringProps.streamFailures");
        this.backfillQueue = Require.present(b.backfillQueue, "MonitoringProps.backfillQueue");
        this.backfillDeadLetterQueue = Require.present(b.backfillDeadLetterQueue, "MonitoringProps.backfillDeadLetterQueue");
        this.backfillFunction = Require.present(b.backfillFunction, "MonitoringProps.backfillFunction");
        this.domain = Optional.ofNullable(b.domain);
        this.alarmEmail = Optional.ofNullable(b.alarmEmail);
        this.thresholds = Require.present(b.thresholds, "MonitoringProps.thresholds");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Prefix of the dashboard and alarm names (the stack name): alarms are found by it. */
    public String namePrefix() { return namePrefix; }
    /** Table name → that table's forwarder, in the tables' order. */
    public Map<String, IFunction> forwarders() { return forwarders; }
    public IFunction worker() { return worker; }
    public IFunction purge() { return purge; }
    public IQueue changeQueue() { return changeQueue; }
    public IQueue deadLetterQueue() { return deadLetterQueue; }
    /** The stream mappings' on-failure destination: the failure bucket or the stream-failure queue. */
    public StreamFailureDestination streamFailures() { return streamFailures; }
    public IQueue backfillQueue() { return backfillQueue; }
    public IQueue backfillDeadLetterQueue() { return backfillDeadLetterQueue; }
    /** The backfill function the backfill queue's mapping invokes. */
    public IFunction backfillFunction() { return backfillFunction; }
    /** The OpenSearch domain; empty when not known (no cluster widgets or alarms). */
    public Optional<DomainShape> domain() { return domain; }
    public Optional<String> alarmEmail() { return alarmEmail; }
    public AlarmThresholds thresholds() { return thresholds; }

    public static final class Builder {
        private String namePrefix;
        private Map<String, IFunction> forwarders;
        private IFunction worker;
        private IFunction purge;
        private IQueue changeQueue;
        private IQueue deadLetterQueue;
        private StreamFailureDestination streamFailures;
        private IQueue backfillQueue;
        private IQueue backfillDeadLetterQueue;
        private IFunction backfillFunction;
        private DomainShape domain;
        private String alarmEmail;
        private AlarmThresholds thresholds;

        public Builder namePrefix(String v) { this.namePrefix = v; return this; }
        public Builder forwarders(Map<String, IFunction> v) { this.forwarders = v; return this; }
        public Builder worker(IFunction v) { this.worker = v; return this; }
        public Builder purge(IFunction v) { this.purge = v; return this; }
        public Builder changeQueue(IQueue v) { this.changeQueue = v; return this; }
        public Builder deadLetterQueue(IQueue v) { this.deadLetterQueue = v; return this; }
        public Builder streamFailures(StreamFailureDestination v) { this.streamFailures = v; return this; }
        public Builder backfillQueue(IQueue v) { this.backfillQueue = v; return this; }
        public Builder backfillDeadLetterQueue(IQueue v) { this.backfillDeadLetterQueue = v; return this; }
        public Builder backfillFunction(IFunction v) { this.backfillFunction = v; return this; }
        public Builder domain(DomainShape v) { this.domain = v; return this; }
        public Builder alarmEmail(String v) { this.alarmEmail = v; return this; }
        public Builder thresholds(AlarmThresholds v) { this.thresholds = v; return this; }

        public MonitoringProps build() {
            return new MonitoringProps(this);
        }
    }
}
