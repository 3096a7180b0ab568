package io.ddbsync.infra.config;

/**
 * Throughput and safety knobs of the two Lambdas, their event sources and the queues.
 * Defaults are in {@link DdbSyncSettings}; ranges are AWS's limits. With
 * {@code workerProvisionedPollers} the worker's mapping runs in provisioned mode and
 * {@code workerMaxConcurrency} is not used (AWS makes the two mutually exclusive).
 */
public record Tuning(int forwarderBatchSize, int forwarderBatchingWindowSeconds, int parallelizationFactor,
                     int forwarderRetryAttempts, int forwarderMaxRecordAgeSeconds, int forwarderMemoryMb,
                     int forwarderTimeoutSeconds, int workerBatchSize, int workerBatchingWindowSeconds,
                     int workerMaxConcurrency, int workerMemoryMb, int workerTimeoutSeconds, int maxMessageBytes,
                     int maxReceiveCount, String ttlDeletes, int tombstoneRetentionDays, int purgeHourUtc,
                     boolean snapStart, java.util.Optional<ProvisionedPollers> workerProvisionedPollers,
                     boolean tracing) {
}
