package io.ddbsync.ops.commands;

import io.ddbsync.ops.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ddbsync mapping}: the index mapping's commands; alone it prints its usage on stderr (a usage error). */
@Command(name = "mapping", mixinStandardHelpOptions = true,
        description = "Plan the search index's mapping from what the table holds.",
        subcommands = MappingPlanCommand.class)
public final class MappingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": give a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
