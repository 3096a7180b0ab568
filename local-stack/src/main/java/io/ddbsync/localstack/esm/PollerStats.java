package io.ddbsync.localstack.esm;

/**
 * A snapshot of a poller's counters, for status displays.
 *
 * @param invocations       handler invocations (each retry and each half of a bisected batch counts)
 * @param records           records handed to the handler, counted once per invocation
 * @param succeededRecords  records processed successfully (SQS: deleted; stream: checkpointed past)
 * @param failedInvocations invocations that threw, timed out, or returned an invalid batch response
 * @param failedRecords     records reported as failed or part of a failed invocation, once per invocation
 * @param discardedRecords  stream records given up on (retries exhausted or too old), reported to the
 *                          on-failure destination; always 0 for SQS (the queue's redrive policy handles that)
 */
public record PollerStats(long invocations, long records, long succeededRecords, long failedInvocations,
                          long failedRecords, long discardedRecords) {
}
