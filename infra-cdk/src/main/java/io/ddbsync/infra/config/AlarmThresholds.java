package io.ddbsync.infra.config;

/**
 * Alarm thresholds.
 *
 * @param iteratorAgeSeconds        forwarder IteratorAge above which the stream is falling behind
 * @param oldestMessageSeconds      change-queue ApproximateAgeOfOldestMessage above which the worker is behind
 * @param workerErrorRatePercent    worker Errors / Invocations (percent) above which the worker is failing
 */
public record AlarmThresholds(int iteratorAgeSeconds, int oldestMessageSeconds, int workerErrorRatePercent) {
}
