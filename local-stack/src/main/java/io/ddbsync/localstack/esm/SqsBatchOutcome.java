package io.ddbsync.localstack.esm;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What Lambda makes of an SQS invocation: which messages succeeded (to delete) and which failed (left on the
 * queue to become visible again after the visibility timeout).
 *
 * <p>A thrown error or timeout fails the whole batch. With ReportBatchItemFailures, a null response or an empty
 * or null failure list means success; an item failure whose {@code itemIdentifier} is null, empty or not a
 * message id of the batch fails the whole batch. Without it, any normal return deletes the whole batch.
 *
 * @param succeeded  message ids to delete
 * @param failed     message ids left on the queue
 * @param reason     empty on success; otherwise why messages failed (for logs)
 */
public record SqsBatchOutcome(List<String> succeeded, List<String> failed, boolean wholeBatchFailed, String reason) {

    public SqsBatchOutcome {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }

    /** Classifies {@code invocation} of a batch with {@code messageIds} (in batch order). */
    public static SqsBatchOutcome of(List<String> messageIds, Invocation<SQSBatchResponse> invocation, boolean reportBatchItemFailures) {
        if (invocation.functionError()) {
            return new SqsBatchOutcome(List.of(), messageIds, true, invocation.errorDescription());
        }
        SQSBatchResponse response = invocation.output();
        if (!reportBatchItemFailures || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return new SqsBatchOutcome(messageIds, List.of(), false, "");
        }
        Set<String> failedIds = new LinkedHashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty() || !messageIds.contains(id)) {
                return new SqsBatchOutcome(List.of(), messageIds, true,
                        "invalid itemIdentifier '" + id + "' in batchItemFailures: whole batch failed");
            }
            failedIds.add(id);
        }
        List<String> succeeded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String id : messageIds) {
            (failedIds.contains(id) ? failed : succeeded).add(id);
        }
        return new SqsBatchOutcome(succeeded, failed, false, "reported batch item failures");
    }
}
