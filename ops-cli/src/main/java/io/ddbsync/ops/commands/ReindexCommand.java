package io.ddbsync.ops.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.sqs.SqsChangeQueue;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.ChangeQueueOptions;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.aws.search.SearchTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.cli.OpenSearchOptions;
import io.ddbsync.ops.cli.WorkerOptions;
import io.ddbsync.ops.operations.Reconciler;
import io.ddbsync.ops.operations.ReindexLease;
import io.ddbsync.ops.operations.Reindexer;
import io.ddbsync.ops.operations.RepairRecords;
import io.ddbsync.ops.operations.TtlKeep;

/** {@code ddbsync reindex}: a new physical index filled from the table, checked, then swapped in without a gap in search. */
@Command(name = "reindex", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Rebuilds a search index from its table (the source of truth) with new settings or mappings, without downtime.",
                "Search keeps being served from the current index while it:",
                "1. creates <index>_v<N+1> (--template, else the worker's template) with the alias <index>_reindex; every worker "
                        + "sees the alias within seconds and writes each change to both indexes, each version-guarded;",
                "2. backfills the table through the change queue (parallel Scan, --items-per-second, checkpoint --checkpoint, "
                        + "progress bar), so the worker writes the images into the new index with the backfill version rule;",
                "3. carries over from the old index what a Scan cannot see: every tombstone, and under --ttl-deletes keep every "
                        + "document kept for an item TTL removed;",
                "4. reconciles the new index with the table, checking differences again every --settle while they resolve (no "
                        + "empty queue needed), repairs lasting differences once (dated on the table's clock), and stops without "
                        + "swapping if any remain;",
                "5. moves the search alias and the write alias to the new index in one _aliases request; the old index is kept.",
                "The state lives in the cluster (index ddbsync-reindex): --resume continues an interrupted run from its last step "
                        + "(on any host), --rollback undoes the reindex from any step (after the swap it moves the aliases back "
                        + "and copies the changes made since into the old index), --finish deletes the old index (it needs only "
                        + "--opensearch-endpoint). A second reindex of the same index is refused; a run that loses its hold on the "
                        + "reindex (renewed every 15 s, 60 s long) stops before its next step."},
        footer = {"%nExit 1 means not swapped: the new index still differs from the table (--resume checks again)."})
public final class ReindexCommand extends OpsCommand {

    private static final ObjectMapper M = new ObjectMapper();

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The DynamoDB table.")
    String table;

    @Option(names = "--template", paramLabel = "FILE",
            description = "JSON body for the new index: {\"settings\": {...}, \"mappings\": {...}} (default: the worker's template). "
                    + "Put the same in the worker's configuration so later indexes keep it.")
    Path template;

    @Option(names = "--resume", description = "Continue the recorded reindex of the index from its last step.")
    boolean resume;

    @Option(names = "--rollback", description = "Undo the reindex: search and writes back on the old index, the new one deleted.")
    boolean rollback;

    @Option(names = "--finish", description = "End a swapped reindex: delete the old index.")
    boolean finish;

    @Mixin
    ChangeQueueOptions changeQueue;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Parallel Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--items-per-second", defaultValue = "0", paramLabel = "N",
            description = "Upper bound on items backfilled per second; 0 = unlimited (default).")
    double itemsPerSecond;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Backfill checkpoint (default: ddbsync-reindex-<new index>.checkpoint in the working directory).")
    Path checkpoint;

    @Option(names = "--settle", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Settle time of the check's reconcile (30s, 2m; default: from the pipeline's lag, as reconcile).")
    Duration settle;

    @Option(names = "--drain-timeout", defaultValue = "30m", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Longest time the check goes on re-checking differences while they resolve (the worker applying the "
                    + "backfill, however long the queue) before it decides which last (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--batch", defaultValue = "200", paramLabel = "N", description = "Items per _mget of the check (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    WorkerOptions worker;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.DynamoDbEndpoint dynamoDbEndpoint;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    Clock clock = Clock.systemUTC();

    /** How long a run's hold on the reindex lasts and how often it is renewed; shortened in tests only. */
    ReindexLease.Terms leaseTerms = ReindexLease.Terms.DEFAULT;

    @Override
    protected int execute() throws Exception {
        int modes = (resume ? 1 : 0) + (rollback ? 1 : 0) + (finish ? 1 : 0);
        if (modes > 1) {
            throw new UsageException("--resume, --rollback and --finish exclude each other");
        }
        TableRules rules = worker.rules();
        String alias = worker.alias(rules, table);
        if (finish) {
            // the old index is deleted: only the cluster is needed (no table, no queue, no AWS region for them)
            try (SearchTarget search = openSearch.client(aws)) {
                return Reindexer.finish(search, alias, Optional.ofNullable(checkpoint), out(), clock) ? OK : ATTENTION;
            } finally {
                out().flush();
            }
        }
        String changeQueueUrl = changeQueue.url("the backfill and the repairs go through the change queue");
        if (segments < 1 || segments > 1_000_000) {
            throw new UsageException("--segments must be 1..1000000, got " + segments);
        }
        if (itemsPerSecond < 0) {
            throw new UsageException("--items-per-second must not be negative, got " + itemsPerSecond);
        }
        if (batch < 1 || batch > 10_000) {
            throw new UsageException("--batch must be in 1..10000, got " + batch);
        }
        int maxMessageBytes = changeQueue.maxMessageBytes();
        DocumentConverter converter = rules.converterFor(table);
        TtlKeep ttlKeep = worker.ttlKeep(rules, table, converter, clock.instant());
        Reindexer.Settings settings = new Reindexer.Settings(table, alias, body(), segments, itemsPerSecond,
                Optional.ofNullable(checkpoint), Optional.ofNullable(settle), drainTimeout, batch, maxMessageBytes,
                changeQueue.compression(), ttlKeep);
        try (DynamoDbClient dynamoDb = aws.dynamoDb(dynamoDbEndpoint);
             SqsClient sqs = aws.sqs(sqsEndpoint, changeQueueUrl);
             SearchTarget search = openSearch.client(aws)) {
            Reindexer reindexer = Reindexer.builder().search(search).dynamoDb(dynamoDb).changeQueue(sqs, changeQueueUrl)
                    .reconciler(new Reconciler(dynamoDb, search, converter, ttlKeep)).metadataField(worker.metadataField())
                    .output(out(), err()).clock(clock).leaseTerms(leaseTerms)
                    .repairSender((t, records) -> RepairRecords.send(t, records, SqsChangeQueue.withDefaults(sqs, changeQueueUrl),
                            maxMessageBytes, changeQueue.compression()))
                    .build();
            if (rollback) {
                return reindexer.rollback(settings) ? OK : ATTENTION;
            }
            return (resume ? reindexer.resume(settings) : reindexer.start(settings)) ? OK : ATTENTION;
        } finally {
            out().flush();
        }
    }

    private Optional<ObjectNode> body() {
        if (template == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = M.readTree(Files.readString(template));
            if (!(n instanceof ObjectNode o)) {
                throw new UsageException("--template " + template.getFileName() + ": not a JSON object");
            }
            return Optional.of(o);
        } catch (IOException e) {
            throw new UsageException("--template: cannot read " + template.getFileName(), e);
        }
    }
}
