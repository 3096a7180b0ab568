package io.ddbsync.ops.operations;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ddbsync dlq}: the dead-letter queue's commands. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect the dead-letter queue (messages the index-worker failed maxReceiveCount times).",
        subcommands = DlqPeekCommand.class)
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
