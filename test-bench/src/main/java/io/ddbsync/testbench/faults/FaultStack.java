package io.ddbsync.testbench.faults;

import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalDynamoDb;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.localstack.ServiceSupervisor;
import io.ddbsync.localstack.faults.HttpFaultProxy;
import io.ddbsync.localstack.streams.DynamoDbStreamsEmulator;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The services every scenario shares, started once: OpenSearch, ElasticMQ, dynalite behind the
 * Streams emulation, and a fault proxy in front of each as the handlers see them. The load, the
 * checks and the operator's commands talk to the services directly; the forwarder and the worker
 * talk through the proxies, so a scenario's faults reach the pipeline and nothing else.
 */
public final class FaultStack implements AutoCloseable {

    /** The worker's idempotency table (Powertools keeps one per process): envelope ids are unique across tables. */
    static final String IDEMPOTENCY_TABLE = "ddbsync-faults-idempotency";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    final PrintStream log;
    LocalOpenSearch openSearch;
    /** Restarts OpenSearch when its process dies (dynalite is in memory: a restart would come back empty, so it is not). */
    ServiceSupervisor supervisor;
    LocalSqs sqsServer;
    DynamoDbStreamsEmulator streams;
    HttpFaultProxy openSearchProxy;
    HttpFaultProxy sqsProxy;
    HttpFaultProxy dynamoProxy;
    DynamoDbClient dynamo;
    SqsClient sqs;
    SearchTarget search;
    DynamoDbClient proxiedDynamo;
    SqsClient proxiedSqs;
    SearchTarget proxiedSearch;

    /** Runs the operator's commands for the runbook ({@link Runbook}). */
    final Runbook.Commands commands;

    private FaultStack(PrintStream log, Runbook.Commands commands) {
        this.log = log;
        this.commands = commands;
    }

    /**
     * Starts the shared services and their fault proxies; {@code started} is told about each.
     *
     * @param log      the transcript
     * @param commands runs a {@code ddbsync} command line for the runbook
     */
    public static FaultStack start(PrintStream log, Consumer<String> started, Runbook.Commands commands) {
        FaultStack s = new FaultStack(log, commands);
        try {
            s.startAll(started);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> started) {
        CompletableFuture<LocalOpenSearch> os = CompletableFuture.supplyAsync(LocalOpenSearch::start);
        try {
            sqsServer = own(LocalSqs.start());
            sqs = own(LocalAws.sqs(sqsServer.endpoint()));
            sqsProxy = own(HttpFaultProxy.start("sqs", sqsServer.endpoint(), Duration.ofSeconds(30)));
            proxiedSqs = own(LocalAws.sqs(sqsProxy.endpoint()));
            started.accept("SQS (ElasticMQ) " + sqsServer.endpoint() + ", fault proxy " + sqsProxy.endpoint());

            LocalDynamoDb dynalite = own(LocalDynamoDb.start());
            streams = own(DynamoDbStreamsEmulator.start(dynalite.endpoint()));
            dynamo = own(LocalAws.dynamoDb(streams.endpoint()));
            dynamoProxy = own(HttpFaultProxy.start("dynamodb", streams.endpoint(), Duration.ofSeconds(30)));
            proxiedDynamo = own(LocalAws.dynamoDb(dynamoProxy.endpoint()));
            started.accept("DynamoDB (dynalite + Streams emulation) " + streams.endpoint() + ", fault proxy " + dynamoProxy.endpoint());
            createIdempotencyTable();
        } finally {
            try {
                openSearch = own(os.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                os.thenAccept(LocalOpenSearch::close);
                throw new FaultSuiteException("interrupted while starting OpenSearch", e);
            } catch (ExecutionException e) {
                throw new FaultSuiteException("OpenSearch did not start", e.getCause());
            }
        }
        supervisor = own(ServiceSupervisor.start(List.of(openSearch), Clock.systemUTC()));
        search = own(SearchTargetFactory.plain(openSearch.endpoint()));
        openSearchProxy = own(HttpFaultProxy.start("opensearch", openSearch.endpoint(), Duration.ofSeconds(120)));
        proxiedSearch = own(SearchTargetFactory.plain(openSearchProxy.endpoint()));
        started.accept("OpenSearch " + openSearch.endpoint() + ", fault proxy " + openSearchProxy.endpoint());
    }

    private void createIdempotencyTable() {
        dynamo.createTable(b -> b.tableName(IDEMPOTENCY_TABLE)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private io.ddbsync.localstack.LocalS3 s3Server;
    private software.amazon.awssdk.services.s3.S3Client s3;

    /**
     * An S3 client of the stack's S3Mock, started on first use (only the scenarios that keep state in S3 need it, so
     * the others do not pay its start).
     */
    synchronized software.amazon.awssdk.services.s3.S3Client s3() {
        if (s3 == null) {
            s3Server = own(io.ddbsync.localstack.LocalS3.start());
            s3 = own(LocalAws.s3(s3Server.endpoint()));
        }
        return s3;
    }

    /** Every proxy back to forwarding unchanged, OpenSearch running. */
    public void clearFaults() {
        openSearchProxy.passThrough();
        sqsProxy.passThrough();
        dynamoProxy.passThrough();
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Stops proxies, clients and services in reverse start order. */
    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                log.println("ddbsync faults: stopping " + r.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
