package io.ddbsync.ops.operations;

import io.ddbsync.forwarder.log.JsonLog;
import io.ddbsync.forwarder.send.Backoff;
import io.ddbsync.forwarder.send.Sleeper;
import io.ddbsync.forwarder.send.SqsChangeQueue;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.worker.opensearch.OpenSearchHttp;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync reconcile}: proves the index matches the table, and repairs it through the pipeline. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Compares a table with its search index and reports items missing from the index, documents whose content "
                        + "differs from the item (stale), and documents whose item is gone (ghosts; tombstones are not ghosts).",
                "The table is read with a parallel, strongly consistent Scan and compared with the index by _mget in batches; "
                        + "the index is walked with search_after and each document's item looked up with BatchGetItem.",
                "With --repair, corrective records go through the change queue so the worker's version-guarded path fixes "
                        + "them: keys-only fetch records for missing and stale items, REMOVE records for ghosts, versioned "
                        + "(now, 0) so no later change of the table is ever blocked.",
                "Changes in flight can show up as differences: run it again to see whether they last."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the index matches the table", "1:differences found (repaired or not)", "2:bad arguments",
                "3:failed (message on stderr)"})
public final class ReconcileCommand extends OpsCommand {

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The DynamoDB table.")
    String table;

    @Option(names = "--index", paramLabel = "INDEX", description = "The search alias (default: the table name lower-cased, as the worker's INDEX_MAP default).")
    String index;

    @Option(names = "--repair", description = "Enqueue corrective records through --change-queue-url.")
    boolean repair;

    @Option(names = "--change-queue-url", paramLabel = "URL", description = "URL of the change queue (required with --repair).")
    String changeQueueUrl;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Parallel Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--batch", defaultValue = "200", paramLabel = "N",
            description = "Items per _mget and documents per page of the index walk (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sample", defaultValue = "10", paramLabel = "N", description = "Differences shown per kind (default: ${DEFAULT-VALUE}).")
    int sample;

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

    /** Clock for the repair version; replaced in tests only. */
    Clock clock = Clock.systemUTC();

    /** The last report (for tests). */
    ReconcileReport lastReport;

    @Override
    protected int execute() throws InterruptedException {
        validate();
        String alias = index != null ? index : table.toLowerCase(Locale.ROOT);
        IndexNames.problem(alias).ifPresent(p -> {
            throw new OpsException("--index: " + p);
        });
        PrintWriter out = out();
        try (DynamoDbClient dynamoDb = Clients.dynamoDb(aws, Optional.ofNullable(dynamodbEndpoint));
             OpenSearchHttp http = openSearch.client(aws)) {
            AtomicLong checked = new AtomicLong();
            ReconcileReport report = new Reconciler(dynamoDb, http, metadataField).reconcile(table, alias, segments, batch, sample,
                    n -> {
                        long total = checked.addAndGet(n);
                        synchronized (out) {
                            out.print("\rchecked " + total + " items and documents");
                            out.flush();
                        }
                    });
            lastReport = report;
            out.println();
            print(out, alias, report);
            if (repair && !report.clean()) {
                List<ChangeRecord> records = RepairRecords.of(report.all(), clock.instant().getEpochSecond());
                int messages;
                try (SqsClient sqs = Clients.sqs(aws, Optional.ofNullable(sqsEndpoint))) {
                    JsonLog log = new JsonLog(line -> {
                        if (verbose()) {
                            err().println(line);
                        }
                    }, Clock.systemUTC());
                    messages = RepairRecords.send(table, records, new SqsChangeQueue(sqs, changeQueueUrl, Backoff.DEFAULT,
                            Sleeper.real(), () -> ThreadLocalRandom.current().nextDouble(), log, 0), maxMessageBytes);
                }
                long unaddressable = report.all().size() - records.size();
                out.println("Repair: enqueued " + records.size() + " corrective record(s) in " + messages + " message(s) to "
                        + changeQueueUrl + "; the worker applies them. Run reconcile again to confirm."
                        + (unaddressable > 0 ? " " + unaddressable + " document(s) with foreign ids need removing by hand." : ""));
            }
            out.flush();
            return report.clean() ? OK : ATTENTION;
        }
    }

    private void validate() {
        if (segments < 1 || segments > 64) {
            throw new OpsException("--segments must be in 1..64, got " + segments);
        }
        if (batch < 1 || batch > 10_000) {
            throw new OpsException("--batch must be in 1..10000, got " + batch);
        }
        if (sample < 0) {
            throw new OpsException("--sample must not be negative, got " + sample);
        }
        if (repair && (changeQueueUrl == null || changeQueueUrl.isBlank())) {
            throw new OpsException("--repair needs --change-queue-url");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > 1_048_576) {
            throw new OpsException("--max-message-bytes must be in 1024..1048576, got " + maxMessageBytes);
        }
    }

    private static void print(PrintWriter out, String alias, ReconcileReport report) {
        out.println("Table " + report.items() + " item(s), index " + alias + " " + report.documents() + " live document(s).");
        out.printf("missing %d   stale %d   ghosts %d%n", report.count(ReconcileReport.Kind.MISSING),
                report.count(ReconcileReport.Kind.STALE), report.count(ReconcileReport.Kind.GHOST));
        for (ReconcileReport.Kind kind : ReconcileReport.Kind.values()) {
            List<ReconcileReport.Difference> samples = report.samples(kind);
            if (!samples.isEmpty()) {
                out.println(kind.name().toLowerCase(Locale.ROOT) + " (first " + samples.size() + "):");
                samples.forEach(d -> out.println("  " + d.documentId() + "  " + d.detail()));
            }
        }
        out.println(report.clean() ? "The index matches the table." : "The index differs from the table.");
    }
}
