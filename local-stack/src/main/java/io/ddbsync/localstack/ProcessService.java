package io.ddbsync.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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

    /** The directory holding this instance's files; deleted when it stops. */
    Path instanceDir() {
        return instanceDir;
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
        long begin = System.nanoTime();
        process.stop(stopGrace);
        InstanceDirs.delete(instanceDir);
        LOG.atInfo().addKeyValue("service", service).addKeyValue("endpoint", endpoint)
                .addKeyValue("stopMillis", Duration.ofNanos(System.nanoTime() - begin).toMillis()).log("service stopped");
    }
}
