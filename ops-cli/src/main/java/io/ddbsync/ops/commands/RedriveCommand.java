package io.ddbsync.ops.commands;

import io.ddbsync.ops.progress.StatusBoard;
import java.util.List;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.UsageException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.ddbsync.ops.cli.DeadLetterQueueOption;
import io.ddbsync.ops.operations.Redrive;

/** {@code ddbsync redrive}: moves the dead-letter queue back to the change queue. */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Moves every message of the dead-letter queue back to the queue(s) it came from (or to --to) with an SQS "
                        + "message move task, shows its progress, and reports how many were moved.",
                "Replaying old changes is safe: every write is version-guarded, so a replayed change never overwrites a newer one.",
                "Ctrl-C cancels the task (messages already moved stay moved). Fix the cause first (dlq peek shows it), or the "
                        + "messages come back to the dead-letter queue.",
                "The progress bar goes to stderr, the result line to stdout."},
        footer = {"%nExit 1 means the move task was cancelled or failed."})
public final class RedriveCommand extends OpsCommand {

    @Mixin
    DeadLetterQueueOption dlq;

    @Option(names = "--to", paramLabel = "URL", description = "Queue to move the messages to (default: the queue(s) they came from).")
    String toUrl;

    @Option(names = "--rate", paramLabel = "N", description = "Messages per second, 1..500 (default: chosen by SQS).")
    Integer rate;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.SqsEndpoint sqsEndpoint;

    /** Poll interval of ListMessageMoveTasks. */
    long pollMillis = 1_000;

    @Override
    protected int execute() throws InterruptedException {
        String dlqUrl = dlq.url();
        if (rate != null && (rate < 1 || rate > 500)) {
            throw new UsageException("--rate must be in 1..500, got " + rate);
        }
        PrintWriter out = out();
        PrintWriter progress = err();
        try (SqsClient sqs = aws.sqs(sqsEndpoint, dlqUrl)) {
            Redrive redrive = new Redrive(sqs, pollMillis);
            AtomicReference<Redrive.Progress> last = new AtomicReference<>();
            Thread onCtrlC = new Thread(() -> {
                if (redrive.cancel()) {
                    Redrive.Progress p = last.get();
                    progress.println();
                    progress.flush();
                    out.println("Cancelled the move task" + (p == null ? "." : " after " + p.moved() + " of " + p.toMove() + " message(s)."));
                    out.flush();
                }
            }, "redrive-cancel");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                // redrawn in place on a terminal; whole lines now and then in a log (a bare \r runs them together)
                StatusBoard board = StatusBoard.on(progress);
                Redrive.Progress end = redrive.run(dlqUrl, Optional.ofNullable(toUrl), Optional.ofNullable(rate), p -> {
                    last.set(p);
                    board.show(List.of(bar(p)));
                });
                board.finish(List.of(bar(end)));
                out.println("Move task " + end.status() + ": " + end.moved() + " of " + end.toMove() + " message(s) moved"
                        + (toUrl == null ? " to their source queue(s)." : " to " + toUrl + ".")
                        + (end.failureReason() == null ? "" : " Failure: " + end.failureReason()));
                out.flush();
                return "COMPLETED".equals(end.status()) ? OK : ATTENTION;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it cancels the task
                }
            }
        }
    }

    static String bar(Redrive.Progress p) {
        int width = 30;
        int filled = p.toMove() <= 0 ? (p.finished() ? width : 0) : (int) Math.min(width, p.moved() * width / p.toMove());
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + p.moved() + "/" + p.toMove() + " moved  " + p.status();
    }
}
