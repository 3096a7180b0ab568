package io.ddbsync.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on 127.0.0.1 in front of OpenSearch that answers some {@code _bulk} items with 429
 * ({@code es_rejected_execution_exception}) instead of forwarding them: the items whose document id
 * the predicate selects, the first {@code timesPerItem} times each is seen. Everything else is
 * forwarded unchanged.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private static final ObjectMapper M = new ObjectMapper();
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    private final URI target;
    private final Predicate<String> throttled;
    private final int timesPerItem;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpServer server;

    public FaultInjectingProxy(URI target, Predicate<String> throttledIds, int timesPerItem) throws IOException {
        this.target = target;
        this.throttled = throttledIds;
        this.timesPerItem = timesPerItem;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private volatile int maxBodyBytes = Integer.MAX_VALUE;
    private volatile long delayMillis;
    private final AtomicInteger tooLarge = new AtomicInteger();
    private final AtomicInteger delayed = new AtomicInteger();
    private final AtomicInteger largestForwardedBulk = new AtomicInteger();
    private final AtomicInteger mgets = new AtomicInteger();

    /**
     * Answers 413 to any request whose body is larger than {@code bytes}, as Amazon OpenSearch
     * Service does above its instance type's HTTP payload limit (10 or 100 MiB).
     */
    public FaultInjectingProxy rejectBodiesOver(int bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /** Holds every answer back for {@code millis} before sending it (0: no delay). */
    public FaultInjectingProxy delayResponses(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Requests answered with 413 so far. */
    /** {@code _mget} requests forwarded (the version guard's reads). */
    public int mgets() {
        return mgets.get();
    }

    public int rejectedTooLarge() {
        return tooLarge.get();
    }

    /** Answers held back so far. */
    public int delayed() {
        return delayed.get();
    }

    /** The largest {@code _bulk} body forwarded to OpenSearch, in bytes. */
    public int largestForwardedBulk() {
        return largestForwardedBulk.get();
    }

    /** Bulk items answered with 429 so far. */
    public int injected() {
        return injected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getRawPath();
            long delay = delayMillis;
            if (delay > 0) {
                delayed.incrementAndGet();
                Thread.sleep(delay);
            }
            if (body.length > maxBodyBytes) {
                tooLarge.incrementAndGet();
                reply(exchange, 413, "application/json",
                        ("{\"Message\":\"Request size exceeded " + maxBodyBytes + " bytes\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.endsWith("/_mget")) {
                mgets.incrementAndGet();
            }
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/_bulk")) {
                bulk(exchange, body);
            } else {
                HttpResponse<byte[]> response = forward(exchange, body);
                reply(exchange, response.statusCode(), response.headers().firstValue("content-type").orElse("application/json"),
                        response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void bulk(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        List<String> lines = new String(body, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        List<String> forwarded = new ArrayList<>();
        List<ObjectNode> answers = new ArrayList<>();
        List<Integer> forwardedPositions = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            JsonNode action = M.readTree(lines.get(i));
            String op = action.fieldNames().next();
            JsonNode meta = action.get(op);
            String id = meta.path("_id").asText();
            boolean inject = throttled.test(id)
                    && seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() <= timesPerItem;
            if (inject) {
                injected.incrementAndGet();
                ObjectNode item = M.createObjectNode();
                ObjectNode r = item.putObject(op);
                r.put("_index", meta.path("_index").asText());
                r.put("_id", id);
                r.put("status", 429);
                r.putObject("error").put("type", "es_rejected_execution_exception")
                        .put("reason", "rejected execution (injected by the test proxy)");
                answers.add(item);
            } else {
                answers.add(null);
                forwardedPositions.add(answers.size() - 1);
                forwarded.add(lines.get(i));
                forwarded.add(lines.get(i + 1));
            }
        }
        ObjectNode result = M.createObjectNode();
        result.put("took", 1);
        result.put("errors", true);
        if (!forwarded.isEmpty()) {
            byte[] forwardBody = (String.join("\n", forwarded) + "\n").getBytes(StandardCharsets.UTF_8);
            largestForwardedBulk.accumulateAndGet(forwardBody.length, Math::max);
            HttpResponse<byte[]> response = forward(exchange, forwardBody);
            if (response.statusCode() != 200) {
                reply(exchange, response.statusCode(), "application/json", response.body());
                return;
            }
            JsonNode items = M.readTree(response.body()).get("items");
            for (int k = 0; k < forwardedPositions.size(); k++) {
                answers.set(forwardedPositions.get(k), (ObjectNode) items.get(k));
            }
        }
        ArrayNode items = result.putArray("items");
        answers.forEach(items::add);
        reply(exchange, 200, "application/json", M.writeValueAsBytes(result));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = target.resolve(exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("content-type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
