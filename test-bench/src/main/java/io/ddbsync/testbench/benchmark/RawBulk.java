package io.ddbsync.testbench.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The baseline: plain {@code _bulk} {@code index} actions of the converted documents, {@value #DOCS_PER_REQUEST}
 * per request, {@value #CONCURRENCY} requests at a time (as the worker write-path benchmark's raw runs), with no
 * version guard, no queue and no stream.
 */
final class RawBulk implements AutoCloseable {

    static final int DOCS_PER_REQUEST = 100;
    static final int CONCURRENCY = 10;
    static final int MAX_RETRIES = 10;
    static final long RETRY_PAUSE_MILLIS = 200;
    private static final ObjectMapper M = new ObjectMapper();

    /** A document ready for {@code _bulk}: its id and its {@code _source} JSON. */
    record Doc(String id, byte[] source) {
    }

    private final SearchTarget search;
    private final ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
        Thread t = new Thread(r, "bench-raw-bulk");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<?>> pending = new ArrayList<>();

    RawBulk(SearchTarget search) {
        this.search = search;
    }

    /** The document the worker's conversion makes of {@code item}, keyed by the table's {@code id} attribute. */
    static Doc doc(Map<String, AttributeValue> item, DocumentConverter converter) {
        ObjectNode image = DynamoJson.fromItem(item);
        ObjectNode keys = image.objectNode();
        keys.set("id", image.get("id"));
        try {
            return new Doc(DocumentIds.of(keys).value(), M.writeValueAsBytes(converter.toDocument(image)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the document of " + keys, e);
        }
    }

    /** Queues requests of at most {@value #DOCS_PER_REQUEST} documents into {@code index}. */
    synchronized void submit(String index, List<Doc> docs) {
        for (int from = 0; from < docs.size(); from += DOCS_PER_REQUEST) {
            List<Doc> slice = docs.subList(from, Math.min(docs.size(), from + DOCS_PER_REQUEST));
            pending.add(pool.submit(() -> send(index, slice)));
        }
    }

    /** Throws the failure of a request that has ended with one, without waiting for the others. */
    synchronized void rethrowFailure() {
        for (Future<?> f : pending) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new BenchmarkException("a raw _bulk request failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BenchmarkException("interrupted while checking the raw _bulk requests", e);
                }
            }
        }
    }

    /** Waits for every submitted request; the first failure is thrown. */
    void await() throws InterruptedException {
        List<Future<?>> all;
        synchronized (this) {
            all = new ArrayList<>(pending);
            pending.clear();
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new BenchmarkException("a raw _bulk request failed", e.getCause());
            }
        }
    }

    private void send(String index, List<Doc> docs) {
        List<BulkAction> body = new ArrayList<>(docs.size());
        for (Doc d : docs) {
            body.add(BulkAction.index(index, d.id(), d.source()));
        }
        SearchReply reply = search.bulk(body, SearchTarget.DEFAULT_TIMEOUT);
        // a client of _bulk retries 429/5xx (OpenSearch's breakers on a small heap), as the worker does
        for (int attempt = 1; attempt <= MAX_RETRIES && (reply.retryable() || retryableItems(reply)); attempt++) {
            sleep(RETRY_PAUSE_MILLIS * attempt);
            reply = search.bulk(body, SearchTarget.DEFAULT_TIMEOUT);
        }
        if (!reply.ok() || reply.body().path("errors").asBoolean()) {
            String described = reply.describe();
            throw new BenchmarkException("raw _bulk into " + index + " failed: "
                    + described.substring(0, Math.min(500, described.length())));
        }
    }

    /** Every failed item was throttled or a server error: the whole request can be sent again (index is idempotent). */
    private static boolean retryableItems(SearchReply reply) {
        if (!reply.ok() || !reply.body().path("errors").asBoolean()) {
            return false;
        }
        for (com.fasterxml.jackson.databind.JsonNode item : reply.body().path("items")) {
            int status = item.elements().next().path("status").asInt();
            if (status >= 300 && status != 429 && status < 500) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while retrying a raw _bulk request", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
