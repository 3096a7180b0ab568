package io.ddbsync.worker.support;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.ddbsync.worker.IndexWorkerHandler;
import java.util.ArrayList;
import java.util.List;

/** Feeds message bodies to a handler in SQS batches of 10, as the event source mapping would. */
public final class Batches {

    private Batches() {
    }

    /** Returns the ids of every message reported failed. */
    public static List<String> deliver(IndexWorkerHandler handler, List<String> bodies) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i += 10) {
            SQSBatchResponse response = handler.handleRequest(
                    LambdaSqsEvents.fromBodies(bodies.subList(i, Math.min(bodies.size(), i + 10))), LambdaContext.of("index-worker", () -> 600_000));
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        return failed;
    }
}
