package io.ddbsync.localstack.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.localstack.LocalStackException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of one local service (OpenSearch, ElasticMQ, the DynamoDB endpoint) that lets a
 * test or the fault suite decide what each request meets: the service's own answer, a changed request or
 * answer, a delay, a status the proxy makes up (429, 503), or a connection closed without an answer. The
 * clients under test talk to {@link #endpoint()} exactly as they would to the service.
 *
 * <p>Until {@link #handle} installs a {@link Handler} every request is forwarded unchanged.
 */
public final class HttpFaultProxy implements AutoCloseable {

    /** One request as received (headers with lower-case names). */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        public Request withBody(byte[] newBody) {
            return new Request(method, pathAndQuery, headers, newBody);
        }

        /** The path without its query. */
        public String path() {
            int q = pathAndQuery.indexOf('?');
            return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** One answer; {@link #DROP} closes the connection without answering. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public static final Response DROP = new Response(-1, Map.of(), new byte[0]);

        public static Response json(int status, String body) {
            return new Response(status, Map.of("content-type", List.of("application/json")),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public Response withBody(byte[] newBody) {
            return new Response(status, headers, newBody);
        }
    }

    /** The service behind the proxy. */
    @FunctionalInterface
    public interface Upstream {
        Response forward(Request request) throws IOException, InterruptedException;
    }

    /** Decides what one request meets; {@code upstream.forward} gives the service's own answer. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request, Upstream upstream) throws IOException, InterruptedException;
    }

    /** Request headers the JDK client sets itself. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "keep-alive");
    private static final String LOOPBACK = "127.0.0.1";
    private static final Handler PASS_THROUGH = (request, upstream) -> upstream.forward(request);

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Duration upstreamTimeout;
    private volatile URI target;
    private volatile Handler handler = PASS_THROUGH;

    private HttpFaultProxy(String name, URI target, Duration upstreamTimeout) throws IOException {
        this.name = name;
        this.target = target;
        this.upstreamTimeout = upstreamTimeout;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code target}.
     *
     * @param upstreamTimeout longest wait for the service's answer to one request
     */
    public static HttpFaultProxy start(String name, URI target, Duration upstreamTimeout) {
        try {
            HttpFaultProxy proxy = new HttpFaultProxy(name, Objects.requireNonNull(target, "target"), upstreamTimeout);
            proxy.server.start();
            return proxy;
        } catch (IOException e) {
            throw new LocalStackException("cannot start the fault proxy " + name + " in front of " + target, e);
        }
    }

    /** Where clients connect. */
    public URI endpoint() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + LOOPBACK + ":" + a.getPort());
    }

    public URI target() {
        return target;
    }

    /** Points the proxy at another address of the service (e.g. after a restart on a new port). */
    public void retarget(URI newTarget) {
        this.target = Objects.requireNonNull(newTarget, "newTarget");
    }

    /** Installs {@code h} for every later request. */
    public void handle(Handler h) {
        this.handler = Objects.requireNonNull(h, "handler");
    }

    /** Back to forwarding every request unchanged. */
    public void passThrough() {
        this.handler = PASS_THROUGH;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try {
            Request request = read(exchange);
            Response response;
            try {
                response = handler.handle(request, this::forward);
            } catch (IOException e) {
                // the service did not answer (stopped, refused): the client sees the connection close
                response = Response.DROP;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response = Response.DROP;
            } catch (RuntimeException e) {
                response = Response.json(500, "{\"error\":\"fault proxy " + name + ": " + e.getClass().getSimpleName() + "\"}");
            }
            if (response.status() < 0) {
                return; // closing the exchange unanswered closes the connection
            }
            response.headers().forEach((k, v) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(k, v);
                }
            });
            boolean noBody = "HEAD".equals(request.method()) || response.body().length == 0;
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } finally {
            exchange.close();
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), Map.copyOf(headers), body);
    }

    private Response forward(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(request.pathAndQuery())).timeout(upstreamTimeout);
        request.headers().forEach((k, values) -> {
            if (!RESTRICTED.contains(k)) {
                values.forEach(v -> b.header(k, v));
            }
        });
        b.method(request.method(), request.body().length == 0 && !"POST".equals(request.method()) && !"PUT".equals(request.method())
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().map(), r.body() == null ? new byte[0] : r.body());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
