package io.ddbsync.localstack;

import java.net.URI;
import java.time.Duration;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS-protocol server (ElasticMQ, embedded in this JVM) on a free port of 127.0.0.1.
 *
 * <p>{@link #shared()} returns the one instance of this JVM (stopped by a shutdown hook; its {@link #close()}
 * does nothing); {@link #start()} returns a private instance the caller closes. Queue URLs and ARNs use
 * {@link LocalAws#REGION} and {@link LocalAws#ACCOUNT_ID}.
 */
public final class LocalSqs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

    private static final SharedInstance<LocalSqs> SHARED = new SharedInstance<>("sqs", () -> launch(true), LocalSqs::stop);
    private static final int BIND_ATTEMPTS = 5;

    private final SQSRestServer server;
    private final URI endpoint;
    private final boolean shared;
    private final Duration startTime;
    private boolean stopped;

    private LocalSqs(SQSRestServer server, URI endpoint, Duration startTime, boolean shared) {
        this.server = server;
        this.endpoint = endpoint;
        this.startTime = startTime;
        this.shared = shared;
    }

    /** The instance shared by all callers of this JVM, started on first use. */
    public static LocalSqs shared() {
        return SHARED.get();
    }

    /** A new private instance; the caller closes it. */
    public static LocalSqs start() {
        return launch(false);
    }

    private static LocalSqs launch(boolean shared) {
        long begin = System.nanoTime();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int port = FreePorts.pick();
            try {
                SQSRestServer server = SQSRestServerBuilder
                        .withInterface(FreePorts.LOOPBACK)
                        .withPort(port)
                        .withServerAddress(new NodeAddress("http", FreePorts.LOOPBACK, port, ""))
                        .withAWSRegion(LocalAws.REGION.id())
                        .withAWSAccountId(LocalAws.ACCOUNT_ID)
                        .start();
                server.waitUntilStarted();
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                URI endpoint = URI.create("http://" + FreePorts.LOOPBACK + ":" + port);
                LOG.atInfo().addKeyValue("service", "sqs").addKeyValue("endpoint", endpoint)
                        .addKeyValue("startMillis", took.toMillis()).log("service started");
                return new LocalSqs(server, endpoint, took, shared);
            } catch (RuntimeException e) {
                // Another process took the port between picking and binding: pick again.
                last = e;
            }
        }
        throw new LocalStackException("ElasticMQ could not bind a free port on " + FreePorts.LOOPBACK
                + " in " + BIND_ATTEMPTS + " attempts", last);
    }

    /** {@code http://127.0.0.1:<port>}, the endpoint for SDK clients ({@link LocalAws#sqs(URI)}). */
    public URI endpoint() {
        return endpoint;
    }

    /** How long this instance took to start. */
    public Duration startTime() {
        return startTime;
    }

    /** Stops a private instance; does nothing for the shared one (a shutdown hook stops it). */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long begin = System.nanoTime();
        try {
            server.stopAndWait();
            LOG.atInfo().addKeyValue("service", "sqs").addKeyValue("endpoint", endpoint)
                    .addKeyValue("stopMillis", Duration.ofNanos(System.nanoTime() - begin).toMillis()).log("service stopped");
        } catch (RuntimeException e) {
            throw new LocalStackException("ElasticMQ at " + endpoint + " did not stop cleanly", e);
        }
    }
}
