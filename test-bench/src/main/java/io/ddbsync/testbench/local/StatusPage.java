package io.ddbsync.testbench.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.aws.search.FailureNotes;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.ops.operations.DlqPeek;
import io.ddbsync.ops.operations.FailureNoteReader;
import io.ddbsync.ops.operations.PeekedMessage;
import io.ddbsync.ops.operations.Redrive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local pipeline's page, served on 127.0.0.1 only: per table items vs documents, the queues' depths and the lag over
 * time as charts (Chart.js, served from its WebJar: {@link ChartJs}), the dead-letter queue (the columns of {@code ddbsync dlq peek}:
 * message id, table, key, sequence number, receives, reason; never item values) with a redrive button, the messages
 * being retried and the worker's last failure notes. The page polls the JSON below every 2 s.
 *
 * <ul>
 *   <li>{@code GET /} the page; {@code GET /page.js}, {@code /page.css}, {@code /chart.umd.js} its scripts and style</li>
 *   <li>{@code GET /api/status}: {@code {"queues":{…urls},"visibilityTimeoutSeconds","maxReceiveCount","samples":[
 *       {@link StatusHistory.Sample}…],"retrying":[{@link RetryRow}…],"lastFailures":[{@link FailureRow}…]}}</li>
 *   <li>{@code GET /api/dlq}: {@code {"messages":[{@link DlqRow}…]}}, read with {@link DlqPeek} (each listing adds one to
 *       a message's receive count, as {@code dlq peek} does)</li>
 *   <li>{@code POST /api/redrive}: moves the dead-letter queue's messages back to the change queue with a message move
 *       task ({@link Redrive}, as {@code ddbsync redrive}) and answers its last state {@link Redrive.Progress} when it
 *       ends; 405 for any other method; 403 without the header {@value #REDRIVE_HEADER}: {@value #REDRIVE_HEADER_VALUE}</li>
 * </ul>
 * Every request whose Host is not 127.0.0.1, localhost or [::1] (any port) is refused with 403.
 * A failed call answers 500 with {@code {"error": "…"}} (the failure's message, which names queues and ids, never values).
 */
public final class StatusPage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "/io/ddbsync/testbench/local/page/";
    /** Most dead-letter messages listed, and how long the listing hides them from other consumers (seconds). */
    static final int DLQ_ROWS = 50;
    static final int DLQ_HOLD_SECONDS = 10;
    /** The header a POST must carry (page.js sends it). */
    static final String REDRIVE_HEADER = "X-Ddbsync-Page";
    static final String REDRIVE_HEADER_VALUE = "1";
    /** Failure notes listed, newest first. */
    static final int FAILURE_ROWS = 10;

    /** A message being retried: {@link RetryWatch.Retrying} with its next receive as epoch milliseconds. */
    record RetryRow(String messageId, String table, String key, int records, int receiveCount, long nextReceive,
                    boolean lastReceive) {
    }

    /**
     * A dead-lettered message as {@code dlq peek} lists it: the key and sequence number of the record the worker's failure
     * note names, else those of its first record ({@code keys} and {@code records} tell how many it holds).
     */
    record DlqRow(String messageId, String table, String key, String sequenceNumber, int records, int receives,
                  String reason) {

        static DlqRow of(PeekedMessage m) {
            boolean noted = m.failedKey() != null;
            return new DlqRow(m.messageId(), m.table() == null ? "?" : m.table(),
                    noted ? m.failedKey() : m.keys().isEmpty() ? "?" : m.keys().get(0),
                    noted ? m.failedSequenceNumber() : m.firstSequenceNumber() == null ? "?" : m.firstSequenceNumber(),
                    m.recordCount(), m.receiveCount(), m.reason());
        }
    }

    /** A worker failure note ({@link FailureNotes#INDEX}): when, which message, table, key, sequence number, why. */
    record FailureRow(long failedAt, String messageId, String table, String key, String sequenceNumber, String receiveCount,
                      String reason) {
    }

    private final LocalPipeline pipeline;
    private final StatusHistory history;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final String chartJs;
    private final Object dlqLock = new Object();

    private StatusPage(LocalPipeline pipeline, StatusHistory history, HttpServer server, ExecutorService handlers, String chartJs) {
        this.pipeline = pipeline;
        this.history = history;
        this.server = server;
        this.handlers = handlers;
        this.chartJs = chartJs;
    }

    /**
     * Serves the page on 127.0.0.1:{@code port} (0: a free port), reading the status every {@code interval}.
     *
     * @throws LocalPipelineException when the port cannot be bound or Chart.js is not on the class path
     */
    public static StatusPage start(LocalPipeline pipeline, int port, Duration interval) {
        String chartJs = ChartJs.resource();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new LocalPipelineException("cannot serve the status page on 127.0.0.1:" + port, e);
        }
        ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ddbsync-local-page");
            t.setDaemon(true);
            return t;
        });
        StatusPage page = new StatusPage(pipeline, StatusHistory.start(pipeline, interval, Clock.systemUTC()), server, handlers,
                chartJs);
        server.setExecutor(handlers);
        server.createContext("/", page::serve);
        server.start();
        return page;
    }

    /** The page's address, {@code http://127.0.0.1:<port>/}. */
    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!fromThisMachine(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst(REDRIVE_HEADER))) {
                send(exchange, 403, "text/plain", "forbidden".getBytes(StandardCharsets.UTF_8));
                return;
            }
            boolean post = "POST".equals(exchange.getRequestMethod());
            if (post != path.equals("/api/redrive")) {
                send(exchange, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                switch (path) {
                    case "/", "/index.html" -> resource(exchange, PAGE + "index.html", "text/html; charset=utf-8");
                    case "/page.js" -> resource(exchange, PAGE + "page.js", "text/javascript; charset=utf-8");
                    case "/page.css" -> resource(exchange, PAGE + "page.css", "text/css; charset=utf-8");
                    case "/chart.umd.js" -> resource(exchange, chartJs, "text/javascript; charset=utf-8");
                    case "/api/status" -> json(exchange, status());
                    case "/api/dlq" -> json(exchange, Map.of("messages", dlq()));
                    case "/api/redrive" -> json(exchange, redrive());
                    default -> send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                }
            } catch (RuntimeException e) {
                if (!pipeline.isClosed()) { // while stopping, a late request meets closed clients: not worth a warning
                    LOG.atWarn().setCause(e).addKeyValue("path", path).log("a status page request failed");
                }
                json(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                json(exchange, 503, Map.of("error", "the local pipeline is stopping"));
            }
        }
    }

    /**
     * Only the page itself: a Host naming this machine (127.0.0.1 or localhost, any port: an SSH tunnel changes it),
     * so another site's name resolved to 127.0.0.1 is refused; and a POST only with {@link #REDRIVE_HEADER}, which a
     * form of another site cannot send and a script of another site cannot send without a preflight this server refuses.
     */
    static boolean fromThisMachine(String method, String hostHeader, String pageHeader) {
        String host = String.valueOf(hostHeader);
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d*$", "");
        boolean local = name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
        return local && (!"POST".equals(method) || REDRIVE_HEADER_VALUE.equals(pageHeader));
    }

    private Map<String, Object> status() {
        Queues q = pipeline.queues();
        List<RetryRow> retrying = new ArrayList<>();
        for (RetryWatch.Retrying r : pipeline.retrying()) {
            retrying.add(new RetryRow(r.messageId(), r.table(), r.key(), r.records(), r.receiveCount(),
                    r.nextReceive().toEpochMilli(), r.lastReceive()));
        }
        return Map.of(
                "queues", Map.of("changeQueue", q.changeQueueUrl(), "deadLetterQueue", q.deadLetterQueueUrl(),
                        "streamFailures", q.streamFailureQueueUrl()),
                "visibilityTimeoutSeconds", pipeline.settings().visibilityTimeout().toSeconds(),
                "maxReceiveCount", pipeline.settings().maxReceiveCount(),
                "samples", history.samples(),
                "retrying", retrying,
                "lastFailures", lastFailures());
    }

    /** The newest failure notes; empty while the worker has written none (the notes index does not exist yet). */
    private List<FailureRow> lastFailures() {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("size", FAILURE_ROWS);
        request.putArray("sort").addObject().put("failedAt", "desc");
        SearchReply reply = pipeline.openSearch().search(FailureNotes.INDEX, request);
        List<FailureRow> rows = new ArrayList<>();
        if (!reply.ok()) {
            return rows;
        }
        for (JsonNode hit : reply.body().path("hits").path("hits")) {
            JsonNode s = hit.path("_source");
            rows.add(new FailureRow(s.path("failedAt").asLong(), s.path("messageId").asText(null), s.path("table").asText(null),
                    s.path("failedKey").asText(null), s.path("failedSeq").asText(s.path("firstSeq").asText(null)),
                    s.path("receiveCount").asText(null), s.path("reason").asText("")));
        }
        return rows;
    }

    private List<DlqRow> dlq() {
        synchronized (dlqLock) {
            List<DlqRow> rows = new ArrayList<>();
            for (PeekedMessage m : new DlqPeek(pipeline.sqs(), Optional.of(new FailureNoteReader(pipeline.openSearch())))
                    .peek(pipeline.queues().deadLetterQueueUrl(), DLQ_ROWS, DLQ_HOLD_SECONDS)) {
                rows.add(DlqRow.of(m));
            }
            return rows;
        }
    }

    /** Never while a listing holds messages (they would stay behind); one task at a time. */
    private Redrive.Progress redrive() throws InterruptedException {
        synchronized (dlqLock) {
            Redrive.Progress last = new Redrive(pipeline.sqs(), 200).run(pipeline.queues().deadLetterQueueUrl(), Optional.empty(),
                    Optional.empty(), p -> { });
            LOG.atInfo().addKeyValue("status", last.status()).addKeyValue("moved", last.moved())
                    .log("redrive from the status page ended");
            return last;
        }
    }

    private static void resource(HttpExchange exchange, String name, String type) throws IOException {
        try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new LocalPipelineException("the page's resource " + name + " is not on the class path");
            }
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void json(HttpExchange exchange, Object body) throws IOException {
        json(exchange, 200, body);
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops serving (at once: the page's pending requests are dropped) and reading. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        history.close();
    }
}
