package io.ddbsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS-protocol server (ElasticMQ, embedded in this JVM) on a free port of 127.0.0.1, its queues and messages in
 * memory, or (with a data directory) also in an H2 database there: ElasticMQ's own SQL message storage (the
 * standalone server's {@code messages-storage}), which restores every queue and message at the next start.
 * Being part of this JVM it cannot die on its own, so nothing supervises it.
 *
 * <p>{@link #shared()} returns the one instance of this JVM (stopped by a shutdown hook; its {@link #close()}
 * does nothing); {@link #start()} returns a private instance the caller closes. Queue URLs and ARNs use
 * {@link LocalAws#REGION} and {@link LocalAws#ACCOUNT_ID}.
 */
public final class LocalSqs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

    private static final SharedInstance<LocalSqs> SHARED = new SharedInstance<>("sqs", () -> launch(true), LocalSqs::stop);
    private static final int BIND_ATTEMPTS = 5;

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final SQSRestServer server;
    private final URI endpoint;
    private final boolean shared;
    private final Duration startTime;
    private final Optional<ActorSystem> ownSystem;
    private boolean stopped;

    private LocalSqs(SQSRestServer server, URI endpoint, Duration startTime, boolean shared, Optional<ActorSystem> ownSystem) {
        this.server = server;
        this.endpoint = endpoint;
        this.startTime = startTime;
        this.shared = shared;
        this.ownSystem = ownSystem;
    }

    /** The instance shared by all callers of this JVM, started on first use. */
    public static LocalSqs shared() {
        return SHARED.get();
    }

    /** A new private instance; the caller closes it. */
    public static LocalSqs start() {
        return launch(false, Optional.empty());
    }

    /**
     * A new private instance whose queues and messages are also written to an H2 database in {@code dataDir}
     * (created if missing): an instance started later on the same directory has them again, with their attributes,
     * receive counts and visibility. One instance at a time may use it.
     *
     * @throws LocalStackException when the stored queues cannot be restored
     */
    public static LocalSqs startWithDataDir(Path dataDir) {
        return launch(false, Optional.of(dataDir.toAbsolutePath()));
    }

    private static LocalSqs launch(boolean shared) {
        return launch(shared, Optional.empty());
    }

    private static LocalSqs launch(boolean shared, Optional<Path> dataDir) {
        long begin = System.nanoTime();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int port = FreePorts.pick();
            Optional<ActorSystem> system = Optional.empty();
            try {
                TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface(FreePorts.LOOPBACK);
                Optional<ActorRef[]> persistent = Optional.empty();
                if (dataDir.isPresent()) {
                    system = Optional.of(ActorSystem.create("elasticmq"));
                    ActorRef[] actors = persistentActors(system.get(), dataDir.get());
                    builder = builder.withActorSystem(system.get()).withQueueManagerActor(actors[1]).withQueueEventListener(actors[0]);
                    persistent = Optional.of(actors);
                }
                SQSRestServer server = builder
                        .withPort(port)
                        .withServerAddress(new NodeAddress("http", FreePorts.LOOPBACK, port, ""))
                        .withAWSRegion(LocalAws.REGION.id())
                        .withAWSAccountId(LocalAws.ACCOUNT_ID)
                        .start();
                server.waitUntilStarted();
                if (persistent.isPresent()) {
                    try {
                        restore(persistent.get()[0], persistent.get()[1], dataDir.get());
                    } catch (LocalStackException e) {
                        server.stopAndWait(); // the actor system is terminated below
                        throw e;
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                URI endpoint = URI.create("http://" + FreePorts.LOOPBACK + ":" + port);
                LOG.atInfo().addKeyValue("service", "sqs").addKeyValue("endpoint", endpoint)
                        .addKeyValue("dataDir", dataDir.map(Path::toString).orElse("none (in memory)"))
                        .addKeyValue("startMillis", took.toMillis()).log("service started");
                return new LocalSqs(server, endpoint, took, shared, system);
            } catch (LocalStackException e) {
                system.ifPresent(ActorSystem::terminate);
                throw e;
            } catch (RuntimeException e) {
                // Another process took the port between picking and binding: pick again.
                system.ifPresent(ActorSystem::terminate);
                last = e;
            }
        }
        throw new LocalStackException("ElasticMQ could not bind a free port on " + FreePorts.LOOPBACK
                + " in " + BIND_ATTEMPTS + " attempts", last);
    }

    /** [the store (ElasticMQ's SQL persistence actor), the queue manager that reports every change to it]. */
    private static ActorRef[] persistentActors(ActorSystem system, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new LocalStackException("cannot create the SQS data directory " + dataDir, e);
        }
        SqlQueuePersistenceConfig config = SqlQueuePersistenceConfig.apply(true, "org.h2.Driver",
                "jdbc:h2:file:" + dataDir.resolve("elasticmq"), "", "", false);
        ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config,
                scala.collection.immutable.List$.MODULE$.empty()));
        ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                SQSRestServerBuilder.sqsLimits(), scala.Option.apply(store)));
        return new ActorRef[] {store, manager};
    }

    /** Recreates the stored queues and their messages in the queue manager (what ElasticMQ's server does at start). */
    private static void restore(ActorRef store, ActorRef manager, Path dataDir) {
        try {
            Object answer = Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT).toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer instanceof scala.util.Left<?, ?> errors) {
                throw new LocalStackException("ElasticMQ could not restore the queues stored in " + dataDir + ": " + errors.value());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalStackException("ElasticMQ did not restore the queues stored in " + dataDir + " within "
                    + RESTORE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while restoring the queues stored in " + dataDir, e);
        }
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
            ownSystem.ifPresent(system -> {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            });
            LOG.atInfo().addKeyValue("service", "sqs").addKeyValue("endpoint", endpoint)
                    .addKeyValue("stopMillis", Duration.ofNanos(System.nanoTime() - begin).toMillis()).log("service stopped");
        } catch (RuntimeException e) {
            throw new LocalStackException("ElasticMQ at " + endpoint + " did not stop cleanly", e);
        }
    }
}
