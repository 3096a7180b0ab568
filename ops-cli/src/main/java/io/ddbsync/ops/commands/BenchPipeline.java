package io.ddbsync.ops.commands;

import io.ddbsync.testbench.local.LocalPipeline;
import io.ddbsync.testbench.local.LogToFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local pipeline a benchmark command runs on: table {@code BenchPosts}, its start steps printed, the services',
 * pollers' and handlers' log lines in {@code logFile} (the one JSON layout) while the figures go to {@code out}, and
 * stopped on Ctrl-C as well as at the end.
 */
final class BenchPipeline {

    /** What a benchmark does with the started pipeline. */
    interface Body {
        void run(LocalPipeline pipeline) throws IOException, InterruptedException;
    }

    private BenchPipeline() {
    }

    /**
     * Prints {@code header}, starts the pipeline with {@code segments} backfill segments, runs {@code body} on it, stops it.
     *
     * @throws IOException when the log file's directory cannot be made
     */
    static void run(Path logFile, int segments, PrintWriter out, String header, Body body) throws IOException, InterruptedException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        AtomicReference<LocalPipeline> started = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            LocalPipeline p = started.get();
            if (p != null) {
                p.close();
            }
        }, "ddbsync-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LogToFile logs = LogToFile.start(logFile)) {
            out.println(header);
            out.flush();
            try (LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings("BenchPosts", segments),
                    step -> {
                        out.println("  started " + step);
                        out.flush();
                    }, started::set)) {
                body.run(pipeline);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }
}
