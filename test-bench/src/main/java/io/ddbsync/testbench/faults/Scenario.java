package io.ddbsync.testbench.faults;

import java.util.Map;

/**
 * One named fault and how the operator recovers from it. The runner starts the scenario's pipeline
 * and load, calls {@link #inject} on its own thread while the load runs, {@link #afterLoad} once the
 * load is written, then runs the recovery every scenario shares (redrive, replay-stream-failures,
 * wait) and reconcile. A scenario whose {@link #faults} are all 0 failed: its fault never fired.
 */
public abstract class Scenario {

    private final String name;
    private final String description;

    Scenario(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    ScenarioPipeline.Options options() {
        return ScenarioPipeline.Options.DEFAULT;
    }

    /** Runs while the load runs (from about a quarter of it); returns with every fault it turned on cleared. */
    abstract void inject(ScenarioRun run) throws InterruptedException;

    /** After the load, before the shared recovery: the scenario's own runbook step, if any. */
    void afterLoad(ScenarioRun run) throws InterruptedException {
    }

    /**
     * After convergence and a clean reconcile: the runbook's last steps, if any (e.g. {@code reindex --finish}).
     * Returns why the scenario fails, or "" when it passes.
     */
    String afterConverged(ScenarioRun run) throws InterruptedException {
        return "";
    }

    /** What was injected, counted (name → count). */
    abstract Map<String, Long> faults(ScenarioRun run);
}
