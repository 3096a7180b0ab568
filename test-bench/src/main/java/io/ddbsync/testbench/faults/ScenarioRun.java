package io.ddbsync.testbench.faults;

import java.util.Random;
import java.util.function.Consumer;

/** What a scenario works with: its pipeline, the shared services, the load's progress, the sizes and the seed. */
final class ScenarioRun {

    final FaultStack stack;
    final ScenarioPipeline pipeline;
    final FaultSize size;
    final long seed;
    final Random random;
    private final MixedLoad load;
    /** The load's changes when this run began: a run on a pipeline that ran before counts from there. */
    private final long base;
    private final long target;
    private final Consumer<String> progress;
    private volatile boolean loadDone;

    ScenarioRun(FaultStack stack, ScenarioPipeline pipeline, FaultSize size, long seed, MixedLoad load, long target,
                Consumer<String> progress) {
        this.stack = stack;
        this.pipeline = pipeline;
        this.size = size;
        this.seed = seed;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.load = load;
        this.base = load.changes();
        this.target = target;
        this.progress = progress;
    }

    /** Changes this run's load has written so far. */
    long changesWritten() {
        return load.changes() - base;
    }

    /** The scenario's write load. */
    MixedLoad load() {
        return load;
    }

    void loadDone() {
        loadDone = true;
    }

    boolean isLoadDone() {
        return loadDone;
    }

    /** Waits until {@code share} of the load is written (or the load ended). */
    void awaitLoad(double share) throws InterruptedException {
        while (!loadDone && load.changes() - base < share * target) {
            Thread.sleep(100);
        }
    }

    /** Tells the user what happens now. */
    void say(String what) {
        progress.accept(what);
    }
}
