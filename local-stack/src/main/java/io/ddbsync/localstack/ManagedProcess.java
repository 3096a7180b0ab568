package io.ddbsync.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file. Processes are spawned from one thread that lives as
 * long as the JVM, so a parent-death signal set with {@code setpriv --pdeathsig} fires only when the JVM
 * itself dies (the kernel ties that signal to the spawning thread).
 */
final class ManagedProcess {
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "local-stack-spawner");
        thread.setDaemon(true);
        return thread;
    });

    private final String service;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String service, Process process, Path logFile) {
        this.service = service;
        this.process = process;
        this.logFile = logFile;
    }

    static ManagedProcess start(String service, List<String> command, Map<String, String> environment,
                                Path workDir, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Future<Process> spawned = SPAWNER.submit(builder::start);
        try {
            return new ManagedProcess(service, spawned.get(), logFile);
        } catch (ExecutionException e) {
            throw new LocalStackException("cannot start " + service + ": " + String.join(" ", command), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting " + service, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The exit code once the process has ended (128 + n for signal n); empty while it runs. */
    java.util.Optional<Integer> exitCode() {
        return process.isAlive() ? java.util.Optional.empty() : java.util.Optional.of(process.exitValue());
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of the process output, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output readable from " + logFile + ": " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process (and any child) is gone. */
    void stop(Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            throw new LocalStackException(service + " (pid " + process.pid() + ") did not stop within " + grace.multipliedBy(2));
        }
    }
}
