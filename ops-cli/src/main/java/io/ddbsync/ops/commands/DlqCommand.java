package io.ddbsync.ops.commands;

import io.ddbsync.ops.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ddbsync dlq}: the dead-letter queue's commands; alone it prints its usage on stderr (a usage error). */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect the dead-letter queue (messages the index-worker failed maxReceiveCount times).",
        subcommands = DlqPeekCommand.class)
public final class DlqCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": give a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
