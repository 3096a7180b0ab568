package io.ddbsync.ops.commands;

import io.ddbsync.ops.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real {@code ddbsync} command tree (every subcommand, the one grammar) in process, capturing what it prints. */
final class TestRoot {

    private TestRoot() {
    }

    /** Result of one run: exit code and what was printed. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.println("$ ddbsync " + String.join(" ", args) + "\n" + out + err + "(exit " + code + ")");
        return new Run(code, out.toString(), err.toString());
    }
}
