package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.forwarder.send.Backoff;
import io.ddbsync.forwarder.send.Sleeper;
import io.ddbsync.forwarder.send.SqsChangeQueue;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.worker.opensearch.OpenSearchHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync reindex}: a new physical index filled from the table, checked, then swapped in without a gap in search. */
@Command(name = "reindex", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Rebuilds a search index from its table (the source of truth) with new settings or mappings, without downtime.",
                "Search keeps being served from the current index while it:",
                "1. creates <index>_v<N+1> (--template, else the worker's template) with the alias <index>_reindex; every worker "
                        + "sees the alias within seconds and writes each change to both indexes, each version-guarded;",
                "2. backfills the table through the change queue (parallel Scan, --items-per-second, checkpoint --checkpoint, "
                        + "progress bar), so the worker writes the images into the new index with the backfill version rule;",
                "3. waits for the queue to drain, reconciles the new index with the table (differences checked again after "
                        + "--settle), repairs lasting differences once, and stops without swapping if any remain;",
                "4. moves the search alias and the write alias to the new index in one _aliases request; the old index is kept.",
                "The state lives in the cluster (index ddbsync-reindex): --resume continues an interrupted run from its last step "
                        + "(on any host), --rollback undoes the reindex from any step (after the swap it moves the aliases back "
                        + "and repairs the old index with the changes made since), --finish deletes the old index. A second "
                        + "reindex of the same index is refused."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (started and swapped, resumed and swapped, rolled back, finished)",
                "1:not swapped: the new index still differs from the table (--resume checks again)", "2:bad arguments",
                "3:failed or refused (message on stderr)"})
public final class ReindexCommand extends OpsCommand {

    private static final ObjectMapper M = new ObjectMapper();

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The DynamoDB table.")
    String table;

    @Option(names = "--index", paramLabel = "INDEX",
            description = "The search alias (default: as the worker derives it from --index-map, else the table name lower-cased).")
    String index;

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

    @Option(names = "--change-queue-url", paramLabel = "URL", description = "URL of the change queue (for the backfill and repairs).")
    String changeQueueUrl;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Parallel Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--items-per-second", defaultValue = "0", paramLabel = "R",
            description = "Upper bound on items backfilled per second; 0 = unlimited (default).")
    double itemsPerSecond;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Backfill checkpoint (default: ddbsync-reindex-<new index>.checkpoint in the working directory).")
    Path checkpoint;

    @Option(names = "--settle", paramLabel = "D",
            description = "Settle time of the check's reconcile (30s, 2m; default: from the pipeline's lag, as reconcile).")
    String settle;

    @Option(names = "--drain-timeout", defaultValue = "30m", paramLabel = "D",
            description = "Longest wait for the worker to drain the change queue (default: ${DEFAULT-VALUE}).")
    String drainTimeout;

    @Option(names = "--batch", defaultValue = "200", paramLabel = "N", description = "Items per _mget of the check (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--index-map", paramLabel = "MAP", description = "The worker's INDEX_MAP (Table=index,Other=other2).")
    String indexMap;

    @Option(names = "--attributes-include", paramLabel = "LISTS", description = "The worker's ATTRIBUTES_INCLUDE (Table=a|b,Other=c).")
    String attributesInclude;

    @Option(names = "--attributes-exclude", paramLabel = "LISTS", description = "The worker's ATTRIBUTES_EXCLUDE (Table=a|b,Other=c).")
    String attributesExclude;

    @Option(names = "--ttl-deletes", defaultValue = "delete", paramLabel = "delete|keep",
            description = "The worker's TTL_DELETES (default: ${DEFAULT-VALUE}).")
    String ttlDeletes;

    @Option(names = "--ttl-attribute", paramLabel = "NAME", description = "The table's TTL attribute (required with --ttl-deletes keep).")
    String ttlAttribute;

    @Option(names = "--metadata-field", defaultValue = "ddbsync", paramLabel = "NAME",
            description = "The worker's METADATA_FIELD (default: ${DEFAULT-VALUE}).")
    String metadataField;

    @Option(names = "--max-message-bytes", defaultValue = "262144", paramLabel = "BYTES",
            description = "Largest repair message, as the forwarder's MAX_MESSAGE_BYTES (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--dynamodb-endpoint-url", paramLabel = "URL", description = "DynamoDB endpoint (local stack or VPC endpoint).")
    URI dynamodbEndpoint;

    @Option(names = "--sqs-endpoint-url", paramLabel = "URL", description = "SQS endpoint (local stack or VPC endpoint).")
    URI sqsEndpoint;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    Clock clock = Clock.systemUTC();

    @Override
    protected int execute() throws Exception {
        int modes = (resume ? 1 : 0) + (rollback ? 1 : 0) + (finish ? 1 : 0);
        if (modes > 1) {
            throw new UsageException("--resume, --rollback and --finish exclude each other");
        }
        if (!finish && (changeQueueUrl == null || changeQueueUrl.isBlank())) {
            throw new UsageException("--change-queue-url is required (the backfill and the repairs go through the change queue)");
        }
        if (segments < 1 || segments > 1_000_000) {
            throw new UsageException("--segments must be 1..1000000, got " + segments);
        }
        if (itemsPerSecond < 0) {
            throw new UsageException("--items-per-second must not be negative, got " + itemsPerSecond);
        }
        if (batch < 1 || batch > 10_000) {
            throw new UsageException("--batch must be in 1..10000, got " + batch);
        }
        if (maxMessageBytes < ForwarderConfig.MIN_MAX_MESSAGE_BYTES || maxMessageBytes > ForwarderConfig.MAX_MAX_MESSAGE_BYTES) {
            throw new UsageException("--max-message-bytes must be in " + ForwarderConfig.MIN_MAX_MESSAGE_BYTES + ".."
                    + ForwarderConfig.MAX_MAX_MESSAGE_BYTES + ", got " + maxMessageBytes);
        }
        TableRules rules = WorkerOptions.tableRules(indexMap, attributesInclude, attributesExclude, metadataField);
        String alias = index != null ? index : WorkerOptions.indexFor(rules, table);
        IndexNames.problem(alias).ifPresent(p -> {
            throw new UsageException("--index: " + p);
        });
        DocumentConverter converter = rules.converterFor(table);
        TtlKeep ttlKeep = WorkerOptions.ttlKeep(ttlDeletes, ttlAttribute, rules, table, converter, clock.instant());
        Reindexer.Settings settings = new Reindexer.Settings(table, alias, body(), segments, itemsPerSecond,
                Optional.ofNullable(checkpoint), Optional.ofNullable(settle).map(SettleTime::parse), SettleTime.parse(drainTimeout),
                batch, maxMessageBytes);
        try (DynamoDbClient dynamoDb = Clients.dynamoDb(aws, Optional.ofNullable(dynamodbEndpoint));
             SqsClient sqs = Clients.sqs(aws, Optional.ofNullable(sqsEndpoint));
             OpenSearchHttp http = openSearch.client(aws)) {
            Reindexer reindexer = new Reindexer(http, dynamoDb, sqs, changeQueueUrl,
                    new Reconciler(dynamoDb, http, converter, ttlKeep), metadataField, out(), clock,
                    (t, records) -> RepairRecords.send(t, records, new SqsChangeQueue(sqs, changeQueueUrl, Backoff.DEFAULT,
                            Sleeper.real(), () -> ThreadLocalRandom.current().nextDouble(), 0), maxMessageBytes));
            if (rollback) {
                return reindexer.rollback(settings);
            }
            if (finish) {
                return reindexer.finish(settings);
            }
            return resume ? reindexer.resume(settings) : reindexer.start(settings);
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
