package io.ddbsync.localstack.esm;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.math.BigInteger;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * What Lambda makes of a stream invocation.
 *
 * <p>With ReportBatchItemFailures: a null response, a null or empty failure list = success; otherwise Lambda
 * checkpoints before the lowest reported sequence number and retries from there ({@link Kind#PARTIAL},
 * {@code retryFrom} = that record's index); a null, empty or unknown {@code itemIdentifier} = the whole batch
 * failed ({@link Kind#INVALID_RESPONSE}). A thrown error or timeout is a {@link Kind#FUNCTION_ERROR}. Without
 * ReportBatchItemFailures any normal return is a success.
 */
public record StreamBatchOutcome(Kind kind, int retryFrom, String reason) {

    public enum Kind { SUCCESS, PARTIAL, FUNCTION_ERROR, INVALID_RESPONSE }

    /** True when the whole batch failed (bisect applies). */
    public boolean wholeBatchFailed() {
        return kind == Kind.FUNCTION_ERROR || kind == Kind.INVALID_RESPONSE;
    }

    /** Classifies {@code invocation} of {@code batch} (records in shard order). */
    public static StreamBatchOutcome of(List<Record> batch, Invocation<StreamsEventResponse> invocation, boolean reportBatchItemFailures) {
        if (invocation.functionError()) {
            return new StreamBatchOutcome(Kind.FUNCTION_ERROR, 0, invocation.errorDescription());
        }
        StreamsEventResponse response = invocation.output();
        if (!reportBatchItemFailures || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return new StreamBatchOutcome(Kind.SUCCESS, batch.size(), "");
        }
        int lowest = -1;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            int index = indexOf(batch, id);
            if (index < 0) {
                return new StreamBatchOutcome(Kind.INVALID_RESPONSE, 0,
                        "invalid itemIdentifier '" + id + "' in batchItemFailures: whole batch failed");
            }
            lowest = lowest < 0 ? index : Math.min(lowest, index);
        }
        return new StreamBatchOutcome(Kind.PARTIAL, lowest, "reported batch item failure at sequence number "
                + batch.get(lowest).dynamodb().sequenceNumber());
    }

    private static int indexOf(List<Record> batch, String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.isEmpty() || !sequenceNumber.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        BigInteger wanted = new BigInteger(sequenceNumber);
        for (int i = 0; i < batch.size(); i++) {
            if (new BigInteger(batch.get(i).dynamodb().sequenceNumber()).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }
}
