package io.ddbsync.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process-backed launchers ({@link LocalOpenSearch}, {@link LocalDynamoDb}, {@link LocalS3}) share: the
 * child process, its instance directory, the endpoint, stopping (private instances on {@link #close()}, the
 * shared one from its shutdown hook), and starting the process again on the same endpoint with the same files
 * after it died ({@link #restart()}, what {@link ServiceSupervisor} does).
 */
public abstract class ProcessService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessService.class);


    private final String service;
    private final Duration stopGrace;
    private volatile ManagedProcess process;
    private final Path instanceDir;
    private final URI endpoint;
    private final Duration startTime;
    private final boolean shared;
    private boolean stopped;
    private boolean frozen;
    private int restarts;

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

    /** The service's name in logs and on the status: {@code opensearch}, {@code dynalite}, {@code s3}. */
    public String service() {
        return service;
    }

    /** {@code http://127.0.0.1:<port>}; the same after a {@link #restart()}. */
    public URI endpoint() {
        return endpoint;
    }

    /** How long this instance took until it was ready. */
    public Duration startTime() {
        return startTime;
    }

    /** The process id (the service user's process when running as root); a new one after each {@link #restart()}. */
    public long pid() {
        return process.pid();
    }

    /** What the process last wrote if it has exited without being stopped; empty while it runs. */
    synchronized Optional<String> death() {
        if (stopped || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(process.logTail(40));
    }

    /** The exit code of a process that ended without being stopped (137: SIGKILL, 143: SIGTERM); empty otherwise. */
    public synchronized Optional<Integer> exitCode() {
        return stopped ? Optional.empty() : process.exitCode();
    }

    /** Whether {@link #close()} (or the shutdown hook) stopped this service for good. */
    public synchronized boolean isStopped() {
        return stopped;
    }

    /** How many times {@link #restart()} started the process again. */
    public synchronized int restarts() {
        return restarts;
    }

    /**
     * Kills the process (SIGKILL to it and its descendants) as a crash or the OOM killer would, and waits (at most
     * 10 s) until it is gone. Nothing restarts it unless a {@link ServiceSupervisor} watches this service.
     *
     * @return the id of the killed process
     * @throws LocalStackException when the process is still there 10 s later
     */
    public long kill() {
        ManagedProcess killed;
        synchronized (this) {
            killed = process;
            signal("KILL");
            frozen = false;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (killed.isAlive() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(20));
        }
        if (killed.isAlive()) {
            throw new LocalStackException(service + " (pid " + killed.pid() + ") still runs 10 s after SIGKILL");
        }
        return killed.pid();
    }

    /**
     * Starts the process again after it died, on the same endpoint with the same instance directory and data
     * (what each service keeps there: OpenSearch its {@code path.data}, dynalite its LevelDB when it has a data
     * directory). Returns once the new process answers; does nothing while the process runs or after
     * {@link #close()}.
     *
     * @throws LocalStackException when the new process does not start (the next call tries again)
     */
    public void restart() {
        synchronized (this) {
            if (stopped || process.isAlive()) {
                return;
            }
            frozen = false;
        }
        ManagedProcess fresh = relaunch();
        synchronized (this) {
            if (stopped) {
                fresh.stop(stopGrace);
                return;
            }
            process = fresh;
            restarts++;
        }
    }

    /**
     * A new process for this service on {@link #endpoint()}, with the files of the one before; returns once it
     * answers there.
     *
     * @throws LocalStackException when it does not (the new process is stopped then)
     */
    abstract ManagedProcess relaunch();

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for a process to end", e);
        }
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
