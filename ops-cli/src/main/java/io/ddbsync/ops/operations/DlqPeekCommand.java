package io.ddbsync.ops.operations;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync dlq peek}: what is in the dead-letter queue and why, without consuming it. */
@Command(name = "peek", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Lists the messages of the dead-letter queue without consuming them: table, keys, first sequence number, "
                        + "receive count and the failure reason.",
                "Messages are received with a short visibility timeout and made visible again at once; nothing is deleted. "
                        + "Each peek adds one to a message's receive count.",
                "The reason comes from the index-worker's failure note (index ddbsync-failures, keyed by envelope id): "
                        + "give --opensearch-endpoint to read it. Without it only reasons carried in the message (raw records) are shown."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when the queue is empty)", "2:bad arguments", "3:failed (message on stderr)"})
public final class DlqPeekCommand extends OpsCommand {

    private static final ObjectMapper M = new ObjectMapper();

    @Option(names = "--queue-url", required = true, paramLabel = "URL", description = "URL of the dead-letter queue.")
    String queueUrl;

    @Option(names = "--max", defaultValue = "100", paramLabel = "N", description = "Most messages to list (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--hold-seconds", defaultValue = "30", paramLabel = "S",
            description = "Visibility timeout while listing; messages are released earlier when the listing ends (default: ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Option(names = "--json", description = "One JSON object per message instead of the table.")
    boolean json;

    @Option(names = "--sqs-endpoint-url", paramLabel = "URL", description = "SQS endpoint (local stack or VPC endpoint).")
    URI sqsEndpoint;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Override
    protected int execute() {
        if (max < 1) {
            throw new UsageException("--max must be at least 1, got " + max);
        }
        if (holdSeconds < 1 || holdSeconds > 43_200) {
            throw new UsageException("--hold-seconds must be in 1..43200, got " + holdSeconds);
        }
        Optional<URI> endpoint = Optional.ofNullable(sqsEndpoint);
        OpenSearchHttp http = openSearch.present() ? openSearch.client(aws) : null;
        try (SqsClient sqs = Clients.sqs(aws, endpoint)) {
            List<PeekedMessage> messages = new DlqPeek(sqs, Optional.ofNullable(http).map(FailureNoteReader::new))
                    .peek(queueUrl, max, holdSeconds);
            print(messages);
            return OK;
        } finally {
            if (http != null) {
                http.close();
            }
        }
    }

    private void print(List<PeekedMessage> messages) {
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
        for (PeekedMessage m : messages) {
            out.println();
            out.println("  message   " + m.messageId() + (m.envelopeId() == null ? "" : "  envelope " + m.envelopeId()));
            out.println("  table     " + (m.table() == null ? "?" : m.table()) + "  records " + m.recordCount()
                    + "  first seq " + (m.firstSeq() == null ? "?" : m.firstSeq()) + "  receives " + m.receiveCount());
            if (!m.keys().isEmpty()) {
                out.println("  keys      " + String.join(" ", m.keys()) + (m.recordCount() > m.keys().size() ? " …" : ""));
            }
            out.println("  reason    " + m.reason());
        }
        out.flush();
    }
}
