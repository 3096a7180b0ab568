package io.ddbsync.infra.constructs;

import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import io.ddbsync.infra.config.ProvisionedPollers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.sqs.IQueue;

/** Inputs of {@link Worker}; build with {@link #builder()}, which validates. */
public final class WorkerProps {

    private final IQueue changeQueue;
    private final int changeQueueVisibilitySeconds;
    private final java.util.List<String> sourceTableArns;
    private final java.util.List<String> kmsKeyArns;
    private final Map<String, String> templateEnvironment;
    private final java.util.Optional<Network> network;
    private final String searchEndpoint;
    private final String domainArn;
    private final SearchTargetConfig.SigningService signingService;
    private final io.ddbsync.model.shape.Shaping shaping;
    private final Map<String, String> indexMap;
    private final String ttlDeletes;
    private final String quarantine;
    private final int tombstoneRetentionDays;
    private final int purgeHourUtc;
    private final String codePath;
    private final int batchSize;
    private final int batchingWindowSeconds;
    private final int maxConcurrency;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final boolean snapStart;
    private final boolean tracing;
    private final java.util.Optional<ProvisionedPollers> provisionedPollers;

    private WorkerProps(Builder b) {
        this.changeQueue = Require.present(b.changeQueue, "WorkerProps.changeQueue");
        this.changeQueueVisibilitySeconds = Require.range(b.changeQueueVisibilitySeconds,
                "WorkerProps.changeQueueVisibilitySeconds", 0, DdbSyncSettings.SQS_MAX_VISIBILITY_SECONDS);
        this.sourceTableArns = java.util.List.copyOf(Require.present(b.sourceTableArns, "WorkerProps.sourceTableArns"));
        if (sourceTableArns.isEmpty()) {
            throw new InvalidSettingException("WorkerProps.sourceTableArns", "must name at least one table");
        }
        this.kmsKeyArns = java.util.List.copyOf(b.kmsKeyArns);
        this.templateEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(b.templateEnvironment));
        this.network = java.util.Optional.ofNullable(b.network);
        this.searchEndpoint = Require.present(b.searchEndpoint, "WorkerProps.searchEndpoint");
        this.domainArn = Require.present(b.domainArn, "WorkerProps.domainArn");
        this.signingService = Require.present(b.signingService, "WorkerProps.signingService");
        this.shaping = Require.present(b.shaping, "WorkerProps.shaping");
        Require.present(b.indexMap, "WorkerProps.indexMap");
        if (b.indexMap.isEmpty()) {
            throw new InvalidSettingException("WorkerProps.indexMap", "must map at least one table to an index");
        }
        this.indexMap = Collections.unmodifiableMap(new LinkedHashMap<>(b.indexMap));
        this.ttlDeletes = Require.present(b.ttlDeletes, "WorkerProps.ttlDeletes");
        if (!ttlDeletes.matches("delete|keep|[A-Za-z0-9_.-]+=(delete|keep)(,[A-Za-z0-9_.-]+=(delete|keep))*")) {
            throw new InvalidSettingException("WorkerProps.ttlDeletes", "must be delete, keep or Table=delete|keep,…, got '"
                    + ttlDeletes + "'");
        }
        this.quarantine = Require.present(b.quarantine, "WorkerProps.quarantine");
        if (!quarantine.matches("on|off|[A-Za-z0-9_.-]+=(on|off)(,[A-Za-z0-9_.-]+=(on|off))*")) {
            throw new InvalidSettingException("WorkerProps.quarantine", "must be on, off or Table=on|off,…, got '"
                    + quarantine + "'");
        }
        this.tombstoneRetentionDays = Require.range(b.tombstoneRetentionDays, "WorkerProps.tombstoneRetentionDays",
                DdbSyncSettings.DLQ_RETENTION_DAYS + 1, 3650);
        this.purgeHourUtc = Require.range(b.purgeHourUtc, "WorkerProps.purgeHourUtc", 0, 23);
        this.codePath = Require.present(b.codePath, "WorkerProps.codePath");
        this.batchSize = Require.range(b.batchSize, "WorkerProps.batchSize", 1, 10_000);
        this.batchingWindowSeconds = Require.range(b.batchingWindowSeconds, "WorkerProps.batchingWindowSeconds", 0, 300);
        if (batchSize > 10 && batchingWindowSeconds < 1) {
            throw new InvalidSettingException("WorkerProps.batchingWindowSeconds",
                    "must be at least 1 when batchSize is above 10");
        }
        this.maxConcurrency = Require.range(b.maxConcurrency, "WorkerProps.maxConcurrency", 2, 1000);
        this.memoryMb = Require.range(b.memoryMb, "WorkerProps.memoryMb", 128, 10_240);
        this.timeoutSeconds = Require.range(b.timeoutSeconds, "WorkerProps.timeoutSeconds", 3, 900);
        if (changeQueueVisibilitySeconds < 6 * timeoutSeconds) {
            throw new InvalidSettingException("WorkerProps.timeoutSeconds", "is too long for the change queue: its "
                    + "visibility timeout (" + changeQueueVisibilitySeconds + " s) must be at least 6 x the worker timeout");
        }
        this.snapStart = b.snapStart;
        this.tracing = b.tracing;
        this.provisionedPollers = java.util.Optional.ofNullable(b.provisionedPollers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public IQueue changeQueue() { return changeQueue; }
    /** ARNs of the source tables (GetItem/BatchGetItem for records sent with {@code fetch: true}). */
    public java.util.List<String> sourceTableArns() { return sourceTableArns; }
    /** Customer-managed keys of encrypted source tables (kms:Decrypt for GetItem). */
    public java.util.List<String> kmsKeyArns() { return kmsKeyArns; }
    /** The worker's INDEX_TEMPLATES and TEXT_ANALYSIS variables, those that have a value ({@code DdbSyncSettings.templateEnvironment}). */
    public Map<String, String> templateEnvironment() { return templateEnvironment; }
    public java.util.Optional<Network> network() { return network; }
    /** https URL of the OpenSearch domain. */
    public String searchEndpoint() { return searchEndpoint; }
    public String domainArn() { return domainArn; }
    /** {@code es}: {@link #domainArn()} is a domain; {@code aoss}: an OpenSearch Serverless collection. */
    public SearchTargetConfig.SigningService signingService() { return signingService; }
    /** DOCUMENT_SHAPING: per table, the steps applied to each converted document. */
    public io.ddbsync.model.shape.Shaping shaping() { return shaping; }
    public Map<String, String> indexMap() { return indexMap; }
    public String ttlDeletes() { return ttlDeletes; }
    /** The worker's QUARANTINE: {@code on}, {@code off} or {@code Table=on|off,…}. */
    public String quarantine() { return quarantine; }
    public int tombstoneRetentionDays() { return tombstoneRetentionDays; }
    public int purgeHourUtc() { return purgeHourUtc; }
    public String codePath() { return codePath; }
    public int batchSize() { return batchSize; }
    public int batchingWindowSeconds() { return batchingWindowSeconds; }
    public int maxConcurrency() { return maxConcurrency; }
    public int memoryMb() { return memoryMb; }
    public int timeoutSeconds() { return timeoutSeconds; }
    public boolean snapStart() { return snapStart; }
    /** X-Ray active tracing on the function(s). */
    public boolean tracing() { return tracing; }
    /** Provisioned mode of the SQS mapping; when present, {@link #maxConcurrency()} is not used. */
    public java.util.Optional<ProvisionedPollers> provisionedPollers() { return provisionedPollers; }

    /** The INDEX_MAP environment value: {@code Table=index,…}. */
    public String indexMapValue() {
        return indexMap.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    public static final class Builder {
        private IQueue changeQueue;
        private Integer changeQueueVisibilitySeconds;
        private java.util.List<String> sourceTableArns;
        private java.util.List<String> kmsKeyArns = java.util.List.of();
        private Map<String, String> templateEnvironment = Map.of();
        private Network network;
        private String searchEndpoint;
        private String domainArn;
        private SearchTargetConfig.SigningService signingService = SearchTargetConfig.SigningService.ES;
        private io.ddbsync.model.shape.Shaping shaping = io.ddbsync.model.shape.Shaping.none();
        private Map<String, String> indexMap;
        private String ttlDeletes = "delete";
        private String quarantine = "on";
        private Integer tombstoneRetentionDays;
        private Integer purgeHourUtc;
        private String codePath;
        private Integer batchSize;
        private Integer batchingWindowSeconds;
        private Integer maxConcurrency;
        private Integer memoryMb;
        private Integer timeoutSeconds;
        private boolean snapStart = true;
        private boolean tracing;
        private ProvisionedPollers provisionedPollers;

        public Builder changeQueue(IQueue v) { this.changeQueue = v; return this; }
        /** The change queue's visibility timeout, checked against 6 × the worker timeout. */
        public Builder changeQueueVisibilitySeconds(int v) { this.changeQueueVisibilitySeconds = v; return this; }
        /** The source tables, read with GetItem/BatchGetItem for records sent with {@code fetch: true}. */
        public Builder sourceTableArns(java.util.List<String> v) { this.sourceTableArns = v; return this; }
        public Builder kmsKeyArns(java.util.List<String> v) { this.kmsKeyArns = v; return this; }
        public Builder templateEnvironment(Map<String, String> v) { this.templateEnvironment = v; return this; }
        /** Run the worker and purge in this network (a VPC domain). */
        public Builder network(Network v) { this.network = v; return this; }
        public Builder searchEndpoint(String v) { this.searchEndpoint = v; return this; }
        public Builder domainArn(String v) { this.domainArn = v; return this; }
        /** The SigV4 signing name of the target (default es); the worker's OPENSEARCH_SIGNING_SERVICE. */
        public Builder signingService(SearchTargetConfig.SigningService v) { this.signingService = v; return this; }
        /** The worker's DOCUMENT_SHAPING (default: none). */
        public Builder shaping(io.ddbsync.model.shape.Shaping v) { this.shaping = v; return this; }
        public Builder indexMap(Map<String, String> v) { this.indexMap = v; return this; }
        public Builder ttlDeletes(String v) { this.ttlDeletes = v; return this; }
        public Builder quarantine(String v) { this.quarantine = v; return this; }
        public Builder tombstoneRetentionDays(int v) { this.tombstoneRetentionDays = v; return this; }
        public Builder purgeHourUtc(int v) { this.purgeHourUtc = v; return this; }
        /** Path of the index-worker jar (holds the worker and the tombstone purge handlers). */
        public Builder codePath(String v) { this.codePath = v; return this; }
        public Builder batchSize(int v) { this.batchSize = v; return this; }
        public Builder batchingWindowSeconds(int v) { this.batchingWindowSeconds = v; return this; }
        public Builder maxConcurrency(int v) { this.maxConcurrency = v; return this; }
        public Builder memoryMb(int v) { this.memoryMb = v; return this; }
        public Builder timeoutSeconds(int v) { this.timeoutSeconds = v; return this; }
        public Builder snapStart(boolean v) { this.snapStart = v; return this; }
        public Builder tracing(boolean v) { this.tracing = v; return this; }
        /** Dedicated pollers for the SQS mapping instead of its maximum concurrency. */
        public Builder provisionedPollers(ProvisionedPollers v) { this.provisionedPollers = v; return this; }

        public WorkerProps build() {
            return new WorkerProps(this);
        }
    }
}
