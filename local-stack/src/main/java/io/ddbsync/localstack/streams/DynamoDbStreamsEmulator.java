package io.ddbsync.localstack.streams;

import io.ddbsync.aws.dynamodb.DynamoJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.export.TableExport;
import io.ddbsync.localstack.export.TableExportRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       24 hours (by the given clock), or a shorter {@linkplain Builder#retention retention} set for a test, are
 *       trimmed.</li>
 * </ul>
 * TransactWriteItems, TransactGetItems and UpdateTimeToLive, which dynalite lacks, are carried out by the proxy. Every write to a
 * stream-enabled table must go through the proxy: writes sent to the server directly are not seen.
 */
public final class DynamoDbStreamsEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStreamsEmulator.class);

    private static final int THREADS = 16;
    /**
     * The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body waits for
     * the client's delayed ACK (~40 ms per call). Read once per JVM, so set before the first server is created.
     */
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final URI dynamoDbEndpoint;
    private final DynaliteClient dynalite;
    private final WriteRecorder writes;
    private final TableLifecycle tables;
    private final TransactReader transactReads;
    private final TimeToLive timeToLive;
    private final StreamsApi streams;
    private final TableExporter exporter;
    private final StreamRegistry registry;
    private final ReentrantLock writeLock;
    private final boolean shared;
    private boolean closed;
    private static DynamoDbStreamsEmulator sharedInstance;

    private DynamoDbStreamsEmulator(URI dynamoDbEndpoint, Clock clock, Duration retention, boolean shared) throws IOException {
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.shared = shared;
        this.dynalite = new DynaliteClient(dynamoDbEndpoint);
        this.registry = new StreamRegistry(clock, retention);
        this.writeLock = new ReentrantLock(true);
        this.writes = new WriteRecorder(dynalite, registry, new ChangeRecorder(registry), writeLock);
        this.tables = new TableLifecycle(dynalite, registry, writeLock);
        this.transactReads = new TransactReader(dynalite, writeLock);
        this.timeToLive = new TimeToLive(dynalite, registry, writes);
        this.streams = new StreamsApi(registry);
        this.exporter = new TableExporter(dynalite, registry, writeLock);
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
        startAsDaemon(server);
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * The emulator shared by all callers of this JVM, in front of {@link LocalDynamoDb#shared()}, started on first
     * use; its {@link #close()} does nothing (it ends with the JVM).
     */
    public static synchronized DynamoDbStreamsEmulator shared() {
        if (sharedInstance == null) {
            sharedInstance = launch(LocalDynamoDb.shared().endpoint(), Clock.systemUTC(), StreamRegistry.RETENTION, true);
        }
        return sharedInstance;
    }

    /** Starts a proxy in front of the DynamoDB-API server at {@code dynamoDbEndpoint}, with the system clock. */
    public static DynamoDbStreamsEmulator start(URI dynamoDbEndpoint) {
        return start(dynamoDbEndpoint, Clock.systemUTC());
    }

    /**
     * Starts a proxy whose record times, iterator expiry (15 minutes) and trimming (24 hours) follow {@code clock}.
     */
    public static DynamoDbStreamsEmulator start(URI dynamoDbEndpoint, Clock clock) {
        return launch(dynamoDbEndpoint, clock, StreamRegistry.RETENTION, false);
    }

    /** A private proxy in front of {@code dynamoDbEndpoint} with settings other than the defaults. */
    public static Builder builder(URI dynamoDbEndpoint) {
        return new Builder(dynamoDbEndpoint);
    }

    /** Settings of a private proxy; {@link #start()} validates them and starts it. */
    public static final class Builder {
        private final URI dynamoDbEndpoint;
        private Clock clock = Clock.systemUTC();
        private Duration retention = StreamRegistry.RETENTION;

        private Builder(URI dynamoDbEndpoint) {
            this.dynamoDbEndpoint = Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        }

        /** The clock of record times, iterator expiry and trimming (default: the system clock, UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How long records stay readable, from 1 second to DynamoDB Streams' 24 hours (the default): a test of what
         * happens when a consumer falls behind longer than the retention need not wait a day. Older records are
         * trimmed as DynamoDB trims them (TrimmedDataAccessException, the shard's StartingSequenceNumber moves on).
         *
         * @throws StreamsEmulatorException when the value is outside 1 s – 24 h
         */
        public Builder retention(Duration value) {
            Objects.requireNonNull(value, "retention");
            if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(StreamRegistry.RETENTION) > 0) {
                throw new StreamsEmulatorException("retention must be 1 s – 24 h (DynamoDB Streams keeps records 24 h), was "
                        + value);
            }
            this.retention = value;
            return this;
        }

        /** Starts the proxy. */
        public DynamoDbStreamsEmulator start() {
            return launch(dynamoDbEndpoint, clock, retention, false);
        }
    }

    private static DynamoDbStreamsEmulator launch(URI dynamoDbEndpoint, Clock clock, Duration retention, boolean shared) {
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        Objects.requireNonNull(clock, "clock");
        try {
            return new DynamoDbStreamsEmulator(dynamoDbEndpoint, clock, retention, shared);
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
     * Shortens (or restores) the retention of one stream while the emulator runs, apart from the others': a fault
     * scenario on the shared emulator lets its own table's records be trimmed. Records already older are trimmed at the
     * next read.
     *
     * @param streamArn the stream, e.g. a table's {@code LatestStreamArn}
     * @param value     1 s – 24 h
     * @throws StreamsEmulatorException when the value is outside 1 s – 24 h, or the stream is unknown
     */
    public void retention(String streamArn, Duration value) {
        Objects.requireNonNull(value, "retention");
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(StreamRegistry.RETENTION) > 0) {
            throw new StreamsEmulatorException("retention must be 1 s – 24 h (DynamoDB Streams keeps records 24 h), was " + value);
        }
        try {
            registry.retention(streamArn, value);
        } catch (ApiErrorException e) {
            throw new StreamsEmulatorException("cannot set the retention of " + streamArn, e);
        }
    }

    /** How long records stay readable before they are trimmed (24 h unless set shorter by the builder). */
    public Duration retention() {
        return registry.retention();
    }

    /**
     * Deletes the item with {@code key} the way time to live does: its REMOVE record carries {@code userIdentity}
     * {@code {Type: Service, PrincipalId: dynamodb.amazonaws.com}}. Returns whether there was an item.
     */
    public boolean deleteByTtl(String table, Map<String, AttributeValue> key) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        return writes.deleteByTtl(table, DynamoJson.fromItem(key));
    }

    /**
     * Runs time to live once: deletes every item whose TTL attribute (set by UpdateTimeToLive) is a number of epoch
     * seconds before the clock's now, each like {@link #deleteByTtl}. DynamoDB does this in the background within
     * days; here it happens when called. Returns how many items were deleted.
     */
    public int expireItems() {
        return timeToLive.expire();
    }

    /**
     * Exports {@code request.table()} to S3 in DynamoDB's export layout, as ExportTableToPointInTime does for a
     * table with point-in-time recovery, at the export time {@code now} (the emulator keeps no history, so no earlier
     * time can be asked for): {@code _started}, gzipped DynamoDB JSON lines under {@code data/},
     * {@code manifest-files.json}, {@code manifest-summary.json} (see {@link io.ddbsync.localstack.export.ExportWriter}
     * for the layout and its source). The scan runs under the write lock: writes through this proxy wait while it
     * runs, and the export holds exactly the writes that took effect before {@link TableExport#exportTime()}; their
     * stream records have {@code ApproximateCreationDateTime} at or before it (rounded down to the second), those of
     * later writes at or after it. Returns when every object is written (DescribeExport's COMPLETED).
     *
     * @param s3 a client for the bucket's server (path-style for a local one: {@code LocalAws.s3}); the caller closes it
     * @throws io.ddbsync.localstack.export.ExportException when the table cannot be described or scanned, or the bucket
     *                                                       does not take the objects (checked with {@code _started}
     *                                                       before the scan)
     */
    public TableExport exportTableToPointInTime(S3Client s3, TableExportRequest request) {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(request, "request");
        return exporter.export(s3, request);
    }

    /**
     * Closes the open shard of {@code table}'s stream after the last record written and opens a child shard for
     * the next ones, as DynamoDB Streams does routinely: readers must finish the parent before the child.
     * Returns the child shard's id.
     */
    public String rolloverShard(String table) {
        Objects.requireNonNull(table, "table");
        writeLock.lock();
        try {
            return registry.rollover(table);
        } finally {
            writeLock.unlock();
        }
    }

    /** Stops a private proxy (the DynamoDB-API server behind it keeps running); does nothing for the shared one. */
    @Override
    public synchronized void close() {
        if (closed || shared) {
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

    /** The server's dispatcher thread inherits the daemon flag of the thread that starts it: never keep a JVM alive. */
    private static void startAsDaemon(HttpServer server) {
        Thread starter = new Thread(server::start, "ddb-streams-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new StreamsEmulatorException("interrupted while starting the DynamoDB Streams emulator", e);
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
                logFailure(target, e);
                response = Responses.error(new ApiErrorException("InternalServerError", String.valueOf(e.getMessage())), 500);
            }
            send(exchange, response);
        }
    }

    private static void logFailure(String target, RuntimeException e) {
        LOG.atError().setCause(e).addKeyValue("target", target).log("request failed");
    }

    private DynaliteClient.Response route(String target, byte[] body, Map<String, List<String>> headers) {
        if (target.startsWith(StreamsApi.TARGET_PREFIX)) {
            String operation = target.substring(StreamsApi.TARGET_PREFIX.length());
            return Responses.json(200, streams.handle(operation, ApiBodies.parse(body)));
        }
        if (target.startsWith(DynaliteClient.TARGET_PREFIX)) {
            String operation = target.substring(DynaliteClient.TARGET_PREFIX.length());
            if (WriteRecorder.OPERATIONS.contains(operation)) {
                return writes.write(operation, body, headers);
            }
            if (TableLifecycle.OPERATIONS.contains(operation)) {
                return tables.handle(operation, body, headers);
            }
            if (TransactReader.OPERATION.equals(operation)) {
                return transactReads.read(body);
            }
            if (TimeToLive.OPERATIONS.contains(operation)) {
                return timeToLive.handle(operation, body, headers);
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
