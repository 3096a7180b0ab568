package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.worker.metrics.MetricNames;
import io.ddbsync.worker.metrics.MetricsSink;
import io.ddbsync.worker.time.TimeBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends versioned writes as one {@code _bulk} of scripted upserts through {@link UpsertScript},
 * classifies each item, and retries the items OpenSearch answered with 429, 5xx or a version
 * conflict (and whole requests that failed in transport) with exponential backoff, as long as the
 * time budget allows.
 */
public final class BulkUpsertWriter {

    /** Internal retries of OpenSearch's read-modify-write when two writers touch a document at once. */
    static final int RETRY_ON_CONFLICT = 5;
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 2_000;

    private final OpenSearchHttp http;
    private final String metadataField;
    private final MetricsSink metrics;
    private final Clock clock;

    public BulkUpsertWriter(OpenSearchHttp http, String metadataField, MetricsSink metrics, Clock clock) {
        this.http = http;
        this.metadataField = metadataField;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One outcome per write, in order. */
    public List<ItemOutcome> write(List<DocumentWrite> writes, TimeBudget budget) {
        ItemOutcome[] outcomes = new ItemOutcome[writes.size()];
        List<Integer> pending = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            pending.add(i);
        }
        long updatedAt = clock.millis();
        int attempt = 0;
        while (!pending.isEmpty()) {
            List<Integer> retry = new ArrayList<>();
            String retryReason = send(writes, pending, updatedAt, outcomes, retry);
            if (retry.isEmpty()) {
                break;
            }
            long backoff = backoff(attempt++);
            if (!budget.canWait(backoff)) {
                for (int i : retry) {
                    outcomes[i] = new ItemOutcome.Exhausted("time budget exhausted after " + attempt
                            + " attempt(s); last answer: " + retryReason);
                }
                break;
            }
            metrics.count(MetricNames.THROTTLED_RETRIES, retry.size());
            sleep(backoff);
            pending = retry;
        }
        return List.of(outcomes);
    }

    /** Sends the pending items once; fills outcomes, collects retryable indexes; returns why they are retried. */
    private String send(List<DocumentWrite> writes, List<Integer> pending, long updatedAt, ItemOutcome[] outcomes,
                        List<Integer> retry) {
        byte[] body = encode(writes, pending, updatedAt);
        long start = System.nanoTime();
        OpenSearchHttp.Reply reply;
        try {
            reply = http.ndjson("/_bulk", body);
        } catch (OpenSearchTransportException e) {
            retry.addAll(pending);
            return e.getMessage() + ": " + e.getCause();
        } finally {
            metrics.millis(MetricNames.BULK_LATENCY_MS, (System.nanoTime() - start) / 1_000_000);
        }
        if (reply.retryable()) {
            retry.addAll(pending);
            return reply.describe();
        }
        if (!reply.ok()) {
            for (int i : pending) {
                outcomes[i] = new ItemOutcome.Rejected(reply.status(), reply.errorType(), reply.describe());
            }
            return "";
        }
        JsonNode items = reply.body().path("items");
        if (items.size() != pending.size()) {
            throw new IllegalStateException("_bulk answered " + items.size() + " items for " + pending.size() + " actions");
        }
        String reason = "";
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            JsonNode item = items.get(k).path("update");
            int status = item.path("status").asInt();
            if (status == 200 || status == 201) {
                outcomes[i] = "noop".equals(item.path("result").asText())
                        ? new ItemOutcome.Stale()
                        : new ItemOutcome.Applied(writes.get(i).tombstone());
            } else if (status == 429 || status == 409 || status >= 500) {
                retry.add(i);
                reason = "HTTP " + status + " " + item.path("error").path("type").asText();
            } else {
                JsonNode error = item.path("error");
                outcomes[i] = new ItemOutcome.Rejected(status, error.path("type").asText(), describe(error));
            }
        }
        return reason;
    }

    private static String describe(JsonNode error) {
        StringBuilder sb = new StringBuilder(error.path("type").asText()).append(": ").append(error.path("reason").asText());
        JsonNode cause = error.path("caused_by");
        while (!cause.isMissingNode()) {
            sb.append(" / caused by ").append(cause.path("type").asText()).append(": ").append(cause.path("reason").asText());
            cause = cause.path("caused_by");
        }
        return sb.toString();
    }

    byte[] encode(List<DocumentWrite> writes, List<Integer> pending, long updatedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pending.size() * 512);
        try (JsonGenerator g = OpenSearchHttp.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (int i : pending) {
                DocumentWrite w = writes.get(i);
                g.writeStartObject();
                g.writeObjectFieldStart("update");
                g.writeStringField("_index", w.index());
                g.writeStringField("_id", w.id());
                g.writeNumberField("retry_on_conflict", RETRY_ON_CONFLICT);
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeObjectFieldStart("script");
                g.writeStringField("id", UpsertScript.ID);
                g.writeObjectFieldStart("params");
                g.writeStringField("meta", metadataField);
                g.writeStringField("version", w.version());
                g.writeBooleanField("deleted", w.tombstone());
                if (!w.tombstone()) {
                    g.writeFieldName("doc");
                    g.writeTree(w.doc());
                }
                g.writeStringField("table", w.table());
                g.writeNumberField("updated_at", updatedAt);
                if (w.fullKey() != null) {
                    g.writeFieldName("key");
                    g.writeTree(w.fullKey());
                }
                if (w.ttl()) {
                    g.writeBooleanField("ttl", true);
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeBooleanField("scripted_upsert", true);
                g.writeObjectFieldStart("upsert");
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode bulk body", e);
        }
        return out.toByteArray();
    }

    static long backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenSearchTransportException("interrupted while backing off", e);
        }
    }
}
