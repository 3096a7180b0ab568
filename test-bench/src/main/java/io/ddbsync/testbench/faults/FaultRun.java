package io.ddbsync.testbench.faults;

import io.ddbsync.testbench.local.LogToFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code ddbsync local --faults} runs: the {@link FaultSuite} with the services' and handlers' log lines in a log
 * file, the suite's own account of each scenario (its steps, the operator commands it ran and their output) in a
 * transcript beside it ({@code <log file>.runbook}), progress and the result table on {@code out}; Ctrl-C stops
 * every service.
 */
public final class FaultRun {

    private FaultRun() {
    }

    /**
     * @param spec     {@code all}, {@value FaultSuite#RANDOM} or a comma-separated list of scenario names
     * @param seed     the load's seed
     * @param changes  item changes per scenario, >= 100
     * @param rounds   with {@value FaultSuite#RANDOM}: how many rounds, >= 1
     * @param commands runs the runbook's {@code ddbsync} commands
     * @return true when every scenario converged and each one's fault fired
     * @throws IllegalArgumentException for an unknown scenario, too few changes or rounds
     * @throws IOException              when the log file or the transcript cannot be written
     */
    public static boolean run(String spec, long seed, long changes, int rounds, Path logFile, PrintWriter out,
                              Runbook.Commands commands) throws IOException {
        if (changes < 100) {
            throw new IllegalArgumentException("changes per scenario must be >= 100, got " + changes);
        }
        if (!FaultSuite.RANDOM.equals(spec.trim())) {
            FaultSuite.select(spec); // an unknown name fails before any service starts
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Path transcript = logFile.resolveSibling(logFile.getFileName() + ".runbook");
        try (LogToFile logs = LogToFile.start(logFile);
             PrintStream log = new PrintStream(Files.newOutputStream(transcript), true, StandardCharsets.UTF_8)) {
            FaultSuite suite = new FaultSuite(FaultSize.of(changes), seed, out, log, commands).rounds(rounds);
            Thread hook = new Thread(suite::stop, "ddbsync-faults-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                out.println("ddbsync local --faults: logs in " + logFile + ", each scenario's steps in " + transcript);
                out.flush();
                return suite.run(spec);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is stopping the services
                }
            }
        }
    }
}
