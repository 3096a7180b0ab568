package io.ddbsync.ops;

import io.ddbsync.ops.backfill.BackfillCommand;
import io.ddbsync.ops.local.LocalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The top command. Add a subcommand by listing its class in {@code subcommands}; everything else
 * (help, version, error handling) applies to it.
 */
@Command(name = "ddbsync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps DynamoDB tables searchable in OpenSearch: run the pipeline locally, backfill a table, operate queues.",
        subcommands = {
                LocalCommand.class,
                BackfillCommand.class,
                io.ddbsync.ops.operations.DlqCommand.class,
                io.ddbsync.ops.operations.RedriveCommand.class,
                io.ddbsync.ops.operations.ReplayStreamFailuresCommand.class,
                io.ddbsync.ops.operations.ReconcileCommand.class,
                io.ddbsync.ops.operations.ReindexCommand.class,
                io.ddbsync.ops.cost.CostCommand.class,
                io.ddbsync.ops.bench.BenchCommand.class,
        })
public final class DdbSyncCommand implements Runnable {

    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors (otherwise one line per error).")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public boolean verbose() {
        return verbose;
    }
}
