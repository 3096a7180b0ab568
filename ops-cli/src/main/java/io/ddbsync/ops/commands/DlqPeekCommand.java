package io.ddbsync.ops.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.aws.search.SearchTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.cli.DeadLetterQueueOption;
import io.ddbsync.ops.cli.OpenSearchOptions;
import io.ddbsync.ops.operations.DlqPeek;
import io.ddbsync.ops.operations.FailureNoteReader;
import io.ddbsync.ops.operations.PeekedMessage;

/** {@code ddbsync dlq peek}: what is in the dead-letter queue and why, without consuming it. */
@Command(name = "peek", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Lists the messages of the dead-letter queue without consuming them: table, keys, first sequence number, "
                        + "receive count and the failure reason.",
                "Messages are received with a short visibility timeout and made visible again at once; nothing is deleted. "
                        + "Each peek adds one to a message's receive count.",
                "The reason comes from the index-worker's failure note (index ddbsync-failures, keyed by envelope id): "
                        + "give --opensearch-endpoint to read it. Without it only reasons carried in the message (raw records) are shown."})
public final class DlqPeekCommand extends OpsCommand {

    private static final ObjectMapper M = new ObjectMapper();

    @Mixin
    DeadLetterQueueOption dlq;

    @Option(names = "--max", defaultValue = "100", paramLabel = "N", description = "Most messages to list (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--hold", defaultValue = "30s", paramLabel = DurationConverter.LABEL, converter = DurationConverter.class,
            description = "Visibility timeout while listing (1s..12h); messages are released earlier when the listing ends "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--json", description = "One JSON object per message instead of the table.")
    boolean json;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    @Override
    protected int execute() {
        String queueUrl = dlq.url();
        if (max < 1) {
            throw new UsageException("--max must be at least 1, got " + max);
        }
        if (hold.toMillis() % 1000 != 0 || hold.toSeconds() < 1 || hold.toSeconds() > 43_200) {
            throw new UsageException("--hold must be whole seconds in 1s..12h (SQS's visibility timeout), got " + hold);
        }
        SearchTarget search = openSearch.present() ? openSearch.client(aws) : null;
        try (SqsClient sqs = aws.sqs(sqsEndpoint, queueUrl)) {
            List<PeekedMessage> messages = new DlqPeek(sqs, Optional.ofNullable(search).map(FailureNoteReader::new))
                    .peek(queueUrl, max, (int) hold.toSeconds());
            print(queueUrl, messages);
            return OK;
        } finally {
            if (search != null) {
                search.close();
            }
        }
    }

    /** The columns of the listing; the reason last, unpadded. */
    static final String[] HEADER = {"MESSAGE ID", "TABLE", "KEY", "SEQUENCE NUMBER", "RECORDS", "RECEIVES", "REASON"};

    /**
     * One message as a row, its table and key as columns: the key and sequence number of the record that failed, as the
     * worker's failure note names it; when no note names one (the message failed as a whole, or the notes were not
     * read), those of its first record, marked {@code (first of N)} when it holds more.
     */
    static String[] row(PeekedMessage m) {
        String table = m.table() == null ? "?" : m.table();
        if (m.failedKey() != null) {
            return new String[] {m.messageId(), table, m.failedKey(), m.failedSequenceNumber(), Integer.toString(m.recordCount()),
                    Integer.toString(m.receiveCount()), m.reason()};
        }
        String more = m.recordCount() > 1 ? " (first of " + m.recordCount() + ")" : "";
        return new String[] {m.messageId(), table, m.keys().isEmpty() ? "?" : m.keys().get(0) + more,
                m.firstSequenceNumber() == null ? "?" : m.firstSequenceNumber() + more, Integer.toString(m.recordCount()),
                Integer.toString(m.receiveCount()), m.reason()};
    }

    private void print(String queueUrl, List<PeekedMessage> messages) {
        PrintWriter out = out();
        if (json) {
            for (PeekedMessage m : messages) {
                ObjectNode line = M.valueToTree(m);
                out.println(line);
            }
            out.flush();
            return;
        }
        if (messages.isEmpty()) {
            out.println("The dead-letter queue is empty (no message visible).");
            out.flush();
            return;
        }
        out.println(messages.size() + " message(s) in " + queueUrl + " (left in the queue):");
        out.println();
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(HEADER);
        for (PeekedMessage m : messages) {
            rows.add(row(m));
        }
        int[] widths = new int[HEADER.length - 1];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.append(row[HEADER.length - 1]));
        }
        out.flush();
    }
}
