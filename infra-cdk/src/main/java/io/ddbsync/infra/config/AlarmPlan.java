package io.ddbsync.infra.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The alarms the stack creates for one configuration, by id (the alarm's name is
 * {@code <stack name>-<id>}). {@code Monitoring} decides from this plan which alarms it creates and
 * refuses to finish when what it created differs, so the plan is what a deployment really gets; the
 * cost model counts it. No CDK types: the command line reads it without the CDK.
 *
 * @param ids the alarm ids, in the order Monitoring creates them
 */
public record AlarmPlan(List<String> ids) {

    public static final String DEAD_LETTER_QUEUE_NOT_EMPTY = "DeadLetterQueueNotEmpty";
    public static final String DEAD_LETTER_QUEUE_MESSAGES_EXPIRING = "DeadLetterQueueMessagesExpiring";
    public static final String STREAM_FAILURE_RECORDS_WRITTEN = "StreamFailureRecordsWritten";
    public static final String STREAM_FAILURE_QUEUE_NOT_EMPTY = "StreamFailureQueueNotEmpty";
    public static final String BACKFILL_DEAD_LETTER_QUEUE_NOT_EMPTY = "BackfillDeadLetterQueueNotEmpty";
    public static final String OLDEST_MESSAGE_AGE_HIGH = "OldestMessageAgeHigh";
    public static final String WORKER_ERROR_RATE_HIGH = "WorkerErrorRateHigh";
    public static final String WORKER_THROTTLED = "WorkerThrottled";
    public static final String PURGE_FAILED = "PurgeFailed";

    /** Per table: the id is the prefix followed by the table name. */
    public static final String ITERATOR_AGE_HIGH = "IteratorAgeHigh-";
    public static final String STREAM_FAILURE_DELIVERY_FAILED = "StreamFailureDeliveryFailed-";
    public static final String FORWARDER_THROTTLED = "ForwarderThrottled-";
    public static final String RECORDS_FAILED_ALARM = "RecordsFailed-";
    public static final String FIELDS_QUARANTINED = "FieldsQuarantined-";

    public static final String CLUSTER_STATUS_RED = "ClusterStatusRed";
    public static final String CLUSTER_STATUS_YELLOW = "ClusterStatusYellow";
    public static final String CLUSTER_INDEX_WRITES_BLOCKED = "ClusterIndexWritesBlocked";
    public static final String AUTOMATED_SNAPSHOT_FAILURE = "AutomatedSnapshotFailure";
    public static final String CPU_UTILIZATION_HIGH = "CPUUtilizationHigh";
    public static final String JVM_MEMORY_PRESSURE_HIGH = "JVMMemoryPressureHigh";
    public static final String OLD_GEN_JVM_MEMORY_PRESSURE_HIGH = "OldGenJVMMemoryPressureHigh";
    public static final String FREE_STORAGE_SPACE_LOW = "FreeStorageSpaceLow";
    public static final String WRITE_REJECTIONS = "WriteRejections";
    public static final String MASTER_CPU_UTILIZATION_HIGH = "MasterCPUUtilizationHigh";
    public static final String MASTER_JVM_MEMORY_PRESSURE_HIGH = "MasterJVMMemoryPressureHigh";
    public static final String MASTER_OLD_GEN_JVM_MEMORY_PRESSURE_HIGH = "MasterOldGenJVMMemoryPressureHigh";

    /**
     * What the domain alarms depend on.
     *
     * @param dataNodes        the data node count when known (yellow is a one-node domain's normal state,
     *                         and unknown means no yellow alarm rather than a false one)
     * @param volumeGiB        the storage per data node when known (the free-storage threshold)
     * @param dedicatedMasters whether the domain has dedicated master nodes
     */
    public record Domain(Optional<Integer> dataNodes, Optional<Integer> volumeGiB, boolean dedicatedMasters) {

        /** The domain's alarm inputs; empty for an OpenSearch Serverless collection, which has no domain metrics. */
        public static Optional<Domain> of(SearchDomainSettings domain) {
            if (domain.isServerless()) {
                return Optional.empty();
            }
            return Optional.of(new Domain(
                    domain.instanceCountKnown() ? Optional.of(domain.instanceCount()) : Optional.empty(),
                    domain.volumeKnown() ? Optional.of(domain.volumeGiB()) : Optional.empty(),
                    domain.dedicatedMasters()));
        }
    }

    public AlarmPlan {
        ids = List.copyOf(ids);
    }

    /**
     * The alarms for these tables, this stream-failure destination and this domain.
     *
     * @param failureBucket true when failed stream batches go to the S3 failure bucket, false for the queue
     * @param domain        empty when the search target has no domain metrics (Serverless)
     */
    public static AlarmPlan of(Collection<String> tables, boolean failureBucket, Optional<Domain> domain) {
        List<String> ids = new ArrayList<>(List.of(DEAD_LETTER_QUEUE_NOT_EMPTY, DEAD_LETTER_QUEUE_MESSAGES_EXPIRING,
                failureBucket ? STREAM_FAILURE_RECORDS_WRITTEN : STREAM_FAILURE_QUEUE_NOT_EMPTY,
                BACKFILL_DEAD_LETTER_QUEUE_NOT_EMPTY, OLDEST_MESSAGE_AGE_HIGH, WORKER_ERROR_RATE_HIGH, WORKER_THROTTLED,
                PURGE_FAILED));
        for (String table : tables) {
            ids.addAll(List.of(ITERATOR_AGE_HIGH + table, STREAM_FAILURE_DELIVERY_FAILED + table,
                    FORWARDER_THROTTLED + table, RECORDS_FAILED_ALARM + table, FIELDS_QUARANTINED + table));
        }
        domain.ifPresent(d -> {
            ids.add(CLUSTER_STATUS_RED);
            if (d.dataNodes().orElse(1) > 1) {
                ids.add(CLUSTER_STATUS_YELLOW);
            }
            ids.addAll(List.of(CLUSTER_INDEX_WRITES_BLOCKED, AUTOMATED_SNAPSHOT_FAILURE, CPU_UTILIZATION_HIGH,
                    JVM_MEMORY_PRESSURE_HIGH, OLD_GEN_JVM_MEMORY_PRESSURE_HIGH));
            d.volumeGiB().ifPresent(v -> ids.add(FREE_STORAGE_SPACE_LOW));
            ids.add(WRITE_REJECTIONS);
            if (d.dedicatedMasters()) {
                ids.addAll(List.of(MASTER_CPU_UTILIZATION_HIGH, MASTER_JVM_MEMORY_PRESSURE_HIGH,
                        MASTER_OLD_GEN_JVM_MEMORY_PRESSURE_HIGH));
            }
        });
        return new AlarmPlan(ids);
    }

    /** The alarms of the stack these settings synthesize. */
    public static AlarmPlan of(DdbSyncSettings settings) {
        return of(settings.tables().stream().map(SourceTable::name).toList(), settings.streamFailures().toS3(),
                Domain.of(settings.domain()));
    }

    public int count() {
        return ids.size();
    }

    public boolean has(String id) {
        return ids.contains(id);
    }
}
