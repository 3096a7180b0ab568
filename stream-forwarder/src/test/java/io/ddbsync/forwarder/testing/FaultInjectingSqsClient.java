package io.ddbsync.forwarder.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Wraps a real SQS client and makes chosen SendMessageBatch entries or calls fail before they reach
 * the server; everything else goes through unchanged.
 *
 * <p>Entries are numbered by distinct message body in the order first offered (a retried entry keeps
 * its number); calls are numbered in order, retries included. Both from 0.
 */
public final class FaultInjectingSqsClient implements SqsClient {

    private final SqsClient delegate;
    private final Map<Integer, EntryFault> entryFaults = new HashMap<>();
    private final Map<Integer, Supplier<SdkException>> callFaults = new HashMap<>();
    private final Map<String, Integer> entryNumbers = new HashMap<>();
    private final Map<Integer, Integer> entryFailuresLeft = new HashMap<>();
    private int calls;

    private record EntryFault(boolean senderFault, String code, int times) {
    }

    public FaultInjectingSqsClient(SqsClient delegate) {
        this.delegate = delegate;
    }

    /** Entry {@code k} fails {@code times} times (Integer.MAX_VALUE: always) with SenderFault {@code senderFault}. */
    public FaultInjectingSqsClient failEntry(int k, boolean senderFault, String code, int times) {
        entryFaults.put(k, new EntryFault(senderFault, code, times));
        entryFailuresLeft.put(k, times);
        return this;
    }

    /** Call {@code k} throws what {@code error} supplies instead of reaching the server. */
    public FaultInjectingSqsClient failCall(int k, Supplier<SdkException> error) {
        callFaults.put(k, error);
        return this;
    }

    /** A service error as the SDK raises it for an HTTP status. */
    public static Supplier<SdkException> serviceError(int status, String code) {
        return () -> SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("injected " + code).build())
                .message("injected " + code).build();
    }

    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        int call = calls++;
        Supplier<SdkException> callFault = callFaults.get(call);
        if (callFault != null) {
            throw callFault.get();
        }
        List<SendMessageBatchRequestEntry> passed = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            int number = entryNumbers.computeIfAbsent(entry.messageBody(), b -> entryNumbers.size());
            EntryFault fault = entryFaults.get(number);
            if (fault != null && entryFailuresLeft.get(number) > 0) {
                entryFailuresLeft.merge(number, -1, Integer::sum);
                failed.add(BatchResultErrorEntry.builder().id(entry.id()).senderFault(fault.senderFault())
                        .code(fault.code()).message("injected failure of entry " + number).build());
            } else {
                passed.add(entry);
            }
        }
        if (passed.isEmpty()) {
            return SendMessageBatchResponse.builder().failed(failed).successful(List.of()).build();
        }
        SendMessageBatchResponse real = delegate.sendMessageBatch(request.toBuilder().entries(passed).build());
        List<BatchResultErrorEntry> allFailed = new ArrayList<>(real.failed());
        allFailed.addAll(failed);
        return real.toBuilder().failed(allFailed).build();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
