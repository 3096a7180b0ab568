package io.ddbsync.localstack.streams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB Streams for a DynamoDB-API server that has none (dynalite): an HTTP proxy on a free port of 127.0.0.1.
 * Point both the SDK's {@code DynamoDbClient} and {@code DynamoDbStreamsClient} at {@link #endpoint()}:
 * <ul>
 *   <li>every DynamoDB call is forwarded unchanged; a {@code StreamSpecification} in CreateTable/UpdateTable
 *       enables (or disables) a stream, DeleteTable ends it, and DescribeTable shows {@code LatestStreamArn};</li>
 *   <li>each successful item write to a stream-enabled table (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
 *       TransactWriteItems) records a stream record with the images the table's StreamViewType asks for, in the
 *       order the writes took effect; failed conditions, failed transactions and writes that change nothing
 *       record nothing;</li>
 *   <li>ListStreams, DescribeStream, GetShardIterator and GetRecords serve those records; records older than
 *       24 hours (by the given clock) are trimmed.</li>
 * </ul>
 * Every write to a stream-enabled table goes through the proxy: writes sent to the server directly are not seen.
 */
public final class DynamoDbStreamsEmulator implements AutoCloseable {
    private static final int THREADS = 16;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final URI dynamoDbEndpoint;
    private final DynaliteClient dynalite;
    private final WriteRecorder writes;
    private final TableLifecycle tables;
    private final StreamsApi streams;
    private boolean closed;

    private DynamoDbStreamsEmulator(URI dynamoDbEndpoint, Clock clock) throws IOException {
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.dynalite = new DynaliteClient(dynamoDbEndpoint);
        StreamRegistry registry = new StreamRegistry(clock);
        ReentrantLock writeLock = new ReentrantLock(true);
        this.writes = new WriteRecorder(dynalite, registry, new ChangeRecorder(registry), writeLock);
        this.tables = new TableLifecycle(dynalite, registry, writeLock);
        this.streams = new StreamsApi(registry);
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "ddb-streams-" + instance + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a proxy in front of the DynamoDB-API server at {@code dynamoDbEndpoint}, with the system clock. */
    public static DynamoDbStreamsEmulator start(URI dynamoDbEndpoint) {
        return start(dynamoDbEndpoint, Clock.systemUTC());
    }

    /**
     * Starts a proxy whose record times, iterator expiry (15 minutes) and trimming (24 hours) follow {@code clock}.
     */
    public static DynamoDbStreamsEmulator start(URI dynamoDbEndpoint, Clock clock) {
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        Objects.requireNonNull(clock, "clock");
        try {
            return new DynamoDbStreamsEmulator(dynamoDbEndpoint, clock);
        } catch (IOException e) {
            throw new StreamsEmulatorException("cannot start the DynamoDB Streams emulator for " + dynamoDbEndpoint, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint for DynamoDB and DynamoDB Streams clients. */
    public URI endpoint() {
        return endpoint;
    }

    /** The DynamoDB-API server behind the proxy. */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /**
     * Deletes the item with {@code key} the way time to live does: its REMOVE record carries {@code userIdentity}
     * {@code {Type: Service, PrincipalId: dynamodb.amazonaws.com}}. Returns whether there was an item.
     */
    public boolean deleteByTtl(String table, Map<String, AttributeValue> key) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        return writes.deleteByTtl(table, AttributeValuesJson.item(key));
    }

    /** Stops the proxy; the DynamoDB-API server behind it keeps running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = exchange.getRequestHeaders();
            String target = DynaliteClient.headerValue(headers, "X-Amz-Target");
            DynaliteClient.Response response;
            try {
                response = route(target, body, headers);
            } catch (ApiErrorException e) {
                response = Responses.error(e);
            } catch (RuntimeException e) {
                System.err.printf("{\"logger\":\"local-stack.streams\",\"event\":\"failed\",\"target\":\"%s\",\"error\":\"%s\"}%n",
                        target, String.valueOf(e).replace("\\", "\\\\").replace("\"", "\\\""));
                response = Responses.error(new ApiErrorException("InternalServerError", String.valueOf(e.getMessage())), 500);
            }
            send(exchange, response);
        }
    }

    private DynaliteClient.Response route(String target, byte[] body, Map<String, List<String>> headers) {
        if (target.startsWith(StreamsApi.TARGET_PREFIX)) {
            String operation = target.substring(StreamsApi.TARGET_PREFIX.length());
            return Responses.json(200, streams.handle(operation, Json.parse(body)));
        }
        if (target.startsWith(DynaliteClient.TARGET_PREFIX)) {
            String operation = target.substring(DynaliteClient.TARGET_PREFIX.length());
            if (WriteRecorder.OPERATIONS.contains(operation)) {
                return writes.write(operation, body, headers);
            }
            if (TableLifecycle.OPERATIONS.contains(operation)) {
                return tables.handle(operation, body, headers);
            }
        }
        return dynalite.forward(body, headers);
    }

    private static void send(HttpExchange exchange, DynaliteClient.Response response) throws IOException {
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection")
                    && !lower.equals("date") && !lower.equals(":status")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
