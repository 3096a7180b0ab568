package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import io.ddbsync.testbench.faults.FaultSize;
import io.ddbsync.testbench.faults.FaultStack;
import io.ddbsync.testbench.faults.FaultSuite;
import io.ddbsync.testbench.faults.Scenario;
import io.ddbsync.testbench.faults.ScenarioResult;

/**
 * The fault scenarios of {@code ddbsync local --faults} as tests, one per scenario, on one set of
 * local services (run by the {@code faults} profile only: {@code -Pfaults -Dfaults=all
 * -Dfaults.changes=500 -Dfaults.seed=1}). Each must converge (0 missing, 0 stale, 0 ghosts, queues
 * empty, reconcile clean) with its fault counted at least once.
 */
class ConvergenceUnderFaults {

    private static FaultStack stack;
    private static PrintStream log;
    private static final List<ScenarioResult> RESULTS = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> everyScenario_underItsFault_converges() throws Exception {
        String spec = System.getProperty("faults", "all");
        long changes = Long.getLong("faults.changes", 500);
        long seed = Long.getLong("faults.seed", 1);
        Path logFile = Path.of("target", "faults.log");
        Files.createDirectories(logFile.getParent());
        log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8);
        java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
        FaultSuite suite = new FaultSuite(FaultSize.of(changes), seed, out, log, LocalCommand::runCommand);
        List<Scenario> scenarios = FaultSuite.select(spec);
        assertThat(scenarios).as("scenarios named by -Dfaults=" + spec).isNotEmpty();
        stack = FaultStack.start(log, s -> System.out.println("started " + s), LocalCommand::runCommand);
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            ScenarioResult r = suite.runOne(stack, s);
            stack.clearFaults();
            RESULTS.add(r);
            System.out.print(FaultSuite.table(List.of(r)));
            assertThat(r.faults()).as("faults injected by " + s.name()).isNotEmpty().allSatisfy((k, v) -> assertThat(v).as(k).isPositive());
            assertThat(r.missing()).as("missing").isZero();
            assertThat(r.stale()).as("stale").isZero();
            assertThat(r.ghosts()).as("ghosts").isZero();
            assertThat(r.converged()).as(r.detail()).isTrue();
        }));
    }

    @AfterAll
    static void stop() {
        System.out.print(FaultSuite.table(RESULTS));
        if (stack != null) {
            stack.close();
        }
        if (log != null) {
            log.close();
        }
    }
}
