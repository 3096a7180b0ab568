package io.ddbsync.aws.opensearch;

import io.ddbsync.aws.search.SearchJson;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchTimeoutException;
import io.ddbsync.aws.search.SearchTransportException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The REST client under the search-target adapter ({@link OpenSearchRestTarget}; callers use the
 * {@link SearchTarget} port, never this class): raw REST calls through opensearch-java's generic client, so the same code runs over the plain
 * HTTP transport and the SigV4 ({@code AwsSdk2Transport}) transport. Bodies are Jackson JSON or
 * NDJSON bytes; HTTP error statuses are returned, transport failures thrown as
 * {@link SearchTransportException}.
 *
 * <p>Every call is bounded: it waits at most its timeout (the caller's remaining time budget, or
 * {@link #DEFAULT_TIMEOUT}) for the whole response, then cancels the request and throws
 * {@link SearchTimeoutException}. A cancelled write may still be applied by the cluster; the
 * version guard makes that harmless.
 */
public final class OpenSearchHttp implements AutoCloseable {

    /** Bound of the calls made without a budget (bootstrap, operator commands). */
    public static final Duration DEFAULT_TIMEOUT = SearchTarget.DEFAULT_TIMEOUT;

    private final OpenSearchTransport transport;
    private final OpenSearchGenericClient generic;
    /**
     * Runs the calls of transports whose "async" call runs on the caller's thread (opensearch-java's
     * {@code AwsSdk2Transport} over a synchronous SDK HTTP client executes inline), so that a timeout
     * can be enforced; null for the Apache HttpClient 5 transport, which is asynchronous.
     */
    private final ExecutorService callThreads;

    /** Only the generic client is used, built on the transport (the jar leaves the typed API model out). */
    public OpenSearchHttp(OpenSearchTransport transport) {
        this(transport, !(transport instanceof ApacheHttpClient5Transport));
    }

    /**
     * @param ownThreads run each call on a thread of this client's own (see {@link #callThreads});
     *                   the one-argument constructor chooses by the transport
     */
    public OpenSearchHttp(OpenSearchTransport transport, boolean ownThreads) {
        this.transport = transport;
        this.generic = new OpenSearchGenericClient(transport);
        this.callThreads = ownThreads ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "opensearch-call");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private CompletableFuture<Response> start(Request request) {
        if (callThreads == null) {
            return generic.executeAsync(request);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return generic.execute(request);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, callThreads);
    }

    public SearchReply get(String path) {
        return send("GET", path, null, null);
    }

    public SearchReply head(String path) {
        return send("HEAD", path, null, null);
    }

    public SearchReply delete(String path) {
        return send("DELETE", path, null, null);
    }

    public SearchReply json(String method, String path, JsonNode body) {
        return json(method, path, body, DEFAULT_TIMEOUT);
    }

    public SearchReply json(String method, String path, JsonNode body, Duration timeout) {
        try {
            return send(method, path, SearchJson.mapper().writeValueAsBytes(body), "application/json", timeout);
        } catch (IOException e) {
            throw new SearchTransportException("cannot encode body of " + method + " " + path, e);
        }
    }

    public SearchReply ndjson(String path, byte[] body) {
        return ndjson(path, body, DEFAULT_TIMEOUT);
    }

    public SearchReply ndjson(String path, byte[] body, Duration timeout) {
        return send("POST", path, body, "application/x-ndjson", timeout);
    }

    public SearchReply send(String method, String path, byte[] body, String contentType) {
        return send(method, path, body, contentType, DEFAULT_TIMEOUT);
    }

    /**
     * One request, waiting at most {@code timeout} for the whole response.
     *
     * @throws SearchTimeoutException  when the timeout passed (the request is cancelled)
     * @throws SearchTransportException when the request could not be sent or read
     */
    public SearchReply send(String method, String path, byte[] body, String contentType, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new SearchTimeoutException(method + " " + path + " not sent: no time left (" + timeout.toMillis() + " ms)");
        }
        CompletableFuture<Response> pending = start(request(method, path, body, contentType));
        Response answered;
        try {
            answered = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            pending.thenAccept(OpenSearchHttp::closeQuietly);
            throw new SearchTimeoutException(method + " " + path + " got no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SearchTransportException(method + " " + path + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResponseException re) {
                // The plain HTTP transport raises some error statuses (e.g. 413) instead of returning them.
                return new SearchReply(re.status(), errorBody(re));
            }
            throw new SearchTransportException(method + " " + path + " failed: " + e.getCause(), e.getCause());
        }
        return read(answered, method, path);
    }

    /** The transport's request for {@code path} (its query string split into parameters). */
    private static Request request(String method, String path, byte[] body, String contentType) {
        String endpoint = path;
        Map<String, String> query = Map.of();
        int q = path.indexOf('?');
        if (q >= 0) {
            endpoint = path.substring(0, q);
            query = new java.util.LinkedHashMap<>();
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    query.put(pair, "");
                } else {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return Requests.create(method, endpoint, List.of(), query, body == null ? null : Body.from(body, contentType));
    }

    /** Reads and closes a response: its status and parsed body (missing when empty). */
    private static SearchReply read(Response answered, String method, String path) {
        try (Response response = answered) {
            JsonNode parsed = MissingNode.getInstance();
            if (response.getBody().isPresent()) {
                try (Body b = response.getBody().get(); InputStream in = b.body()) {
                    byte[] bytes = in.readAllBytes();
                    if (bytes.length > 0) {
                        parsed = parse(bytes);
                    }
                }
            }
            return new SearchReply(response.getStatus(), parsed);
        } catch (IOException e) {
            throw new SearchTransportException(method + " " + path + " failed", e);
        }
    }

    /** The body of an error the transport raised: its message is the status line, a newline, then the body. */
    private static JsonNode errorBody(ResponseException re) {
        String message = re.getMessage() == null ? "" : re.getMessage();
        int newline = message.indexOf('\n');
        if (newline < 0 || newline == message.length() - 1) {
            return MissingNode.getInstance();
        }
        try {
            return parse(message.substring(newline + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A JSON body as a tree; anything else (a proxy's or load balancer's text page) as a text node of its start. */
    private static JsonNode parse(byte[] bytes) throws IOException {
        try {
            return SearchJson.mapper().readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String text = new String(bytes, 0, Math.min(bytes.length, 512), java.nio.charset.StandardCharsets.UTF_8);
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
        }
    }

    private static void closeQuietly(Response response) {
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the caller gave up on this response already
        }
    }

    @Override
    public void close() {
        if (callThreads != null) {
            callThreads.shutdownNow();
        }
        try {
            transport.close();
        } catch (IOException e) {
            throw new SearchTransportException("closing the OpenSearch transport failed", e);
        }
    }
}
