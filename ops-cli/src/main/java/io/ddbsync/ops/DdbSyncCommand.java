package io.ddbsync.ops;

import io.ddbsync.ops.commands.BackfillCommand;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.commands.LocalCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The top command. Add a subcommand by listing its class in {@code subcommands}; everything else
 * (help, version, error report, exit codes: {@link io.ddbsync.ops.cli.Grammar}) applies to it.
 * Without a subcommand it prints the usage on stderr and exits {@value ExitCodes#USAGE}.
 */
@Command(name = "ddbsync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps DynamoDB tables searchable in OpenSearch: run the pipeline locally, backfill a table, operate queues.",
        subcommands = {
                LocalCommand.class,
                BackfillCommand.class,
                io.ddbsync.ops.commands.DlqCommand.class,
                io.ddbsync.ops.commands.RedriveCommand.class,
                io.ddbsync.ops.commands.ReplayStreamFailuresCommand.class,
                io.ddbsync.ops.commands.ReconcileCommand.class,
                io.ddbsync.ops.commands.ReindexCommand.class,
                io.ddbsync.ops.commands.MappingCommand.class,
                io.ddbsync.ops.commands.ProbeCommand.class,
                io.ddbsync.ops.commands.CostCommand.class,
                io.ddbsync.ops.commands.BenchCommand.class,
        })
public final class DdbSyncCommand implements Callable<Integer> {

    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors (otherwise one line per error).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("ddbsync: give a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
