package io.ddbsync.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process-backed launchers ({@link LocalOpenSearch}, {@link LocalDynamoDb}) share: the
 * child process, its instance directory, the endpoint, and stopping (private instances on
 * {@link #close()}, the shared one from its shutdown hook).
 */
abstract class ProcessService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessService.class);


    private final String service;
    private final Duration stopGrace;
    private final ManagedProcess process;
    private final Path instanceDir;
    private final URI endpoint;
    private final Duration startTime;
    private final boolean shared;
    private boolean stopped;
    private boolean frozen;

    ProcessService(String service, Duration stopGrace, ManagedProcess process, Path instanceDir, URI endpoint,
                   Duration startTime, boolean shared) {
        this.service = service;
        this.stopGrace = stopGrace;
        this.process = process;
        this.instanceDir = instanceDir;
        this.endpoint = endpoint;
        this.startTime = startTime;
        this.shared = shared;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** How long this instance took until it was ready. */
    public Duration startTime() {
        return startTime;
    }

    /** The process id (the service user's process when running as root). */
    long pid() {
        return process.pid();
    }

    /** What the process last wrote if it has exited without being stopped; empty while it runs. */
    synchronized Optional<String> death() {
        if (stopped || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(process.logTail(40));
    }

    /** The directory holding this instance's files; deleted when it stops. */
    Path instanceDir() {
        return instanceDir;
    }

    /**
     * Suspends the service (SIGSTOP to its process and their descendants): its port stays open and
     * accepts connections, but nothing answers, as with a hung node. {@link #thaw} resumes it.
     */
    public synchronized void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** Resumes a {@link #freeze frozen} service (SIGCONT). */
    public synchronized void thaw() {
        signal("CONT");
        frozen = false;
    }

    private void signal(String signal) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("kill", "-" + signal, Long.toString(pid())));
        ProcessHandle.of(pid()).ifPresent(h -> h.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new LocalStackException("kill -" + signal + " of " + service + " (pid " + pid() + ") failed: " + output.strip());
            }
        } catch (java.io.IOException e) {
            throw new LocalStackException("cannot signal " + service + " (pid " + pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while signalling " + service, e);
        }
    }

    /** Stops a private instance and deletes its directory; does nothing for the shared one. */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (frozen) {
            signal("CONT"); // a stopped process would not see the termination signal
        }
        long begin = System.nanoTime();
        process.stop(stopGrace);
        InstanceDirs.delete(instanceDir);
        LOG.atInfo().addKeyValue("service", service).addKeyValue("endpoint", endpoint)
                .addKeyValue("stopMillis", Duration.ofNanos(System.nanoTime() - begin).toMillis()).log("service stopped");
    }
}
