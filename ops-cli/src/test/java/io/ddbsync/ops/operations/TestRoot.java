package io.ddbsync.ops.operations;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Stands in for the top command in tests: the inherited --verbose option and the operations subcommands. */
@Command(name = "ddbsync", mixinStandardHelpOptions = true,
        subcommands = {DlqCommand.class, RedriveCommand.class, ReplayStreamFailuresCommand.class, ReconcileCommand.class,
                ReindexCommand.class})
final class TestRoot implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces.")
    boolean verbose;

    @Override
    public void run() {
    }

    /** Result of one run: exit code and what was printed. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TestRoot());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.println("$ ddbsync " + String.join(" ", args) + "\n" + out + err + "(exit " + code + ")");
        return new Run(code, out.toString(), err.toString());
    }
}
