package io.ddbsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB-API server: dynalite (npm, installed by the local-stack build) run by Node, in memory, on a
 * free port of 127.0.0.1. CreateTable answers with the table CREATING; dynalite makes it ACTIVE right after on a
 * 0 ms timer, so a caller waits ({@link LocalAws#awaitActive}) as on DynamoDB. dynalite has no Streams API.
 * Node comes from PATH, or property {@value #NODE_PROPERTY} / environment variable {@code DDBSYNC_NODE}.
 *
 * <p>{@link #shared()} returns the one server of this JVM (stopped by a shutdown hook; its {@link #close()}
 * does nothing); {@link #start()} returns a private server the caller closes.
 */
public final class LocalDynamoDb extends ProcessService {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDynamoDb.class);

    static final String NODE_PROPERTY = "ddbsync.localstack.node";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("dynalite listening on 127\\.0\\.0\\.1:(\\d+)");

    private static final SharedInstance<LocalDynamoDb> SHARED =
            new SharedInstance<>("dynamodb", () -> launch(true), LocalDynamoDb::stop, LocalDynamoDb::death);

    private LocalDynamoDb(ManagedProcess process, Path instanceDir, URI endpoint, Duration startTime, boolean shared) {
        super("dynamodb", STOP_GRACE, process, instanceDir, endpoint, startTime, shared);
    }

    /** The server shared by all callers of this JVM, started on first use. */
    public static LocalDynamoDb shared() {
        return SHARED.get();
    }

    /** A new private server; the caller closes it. */
    public static LocalDynamoDb start() {
        return launch(false);
    }

    private static LocalDynamoDb launch(boolean shared) {
        long begin = System.nanoTime();
        Path dynalite = LocalStackLayout.load().requireDynaliteDir();
        RunAs runAs = RunAs.currentUser();
        Path dir = InstanceDirs.create("dynalite", runAs);
        Path log = dir.resolve("dynalite.log");
        // stdin stays an open pipe: the server exits when it closes, i.e. when this JVM is gone.
        ManagedProcess process = ManagedProcess.start("dynalite",
                runAs.wrap(List.of(node(), dynalite.resolve("dynalite-server.js").toString(), "0")),
                Map.of(), dynalite, log);
        try {
            URI endpoint = awaitListening(process, log);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            LOG.atInfo().addKeyValue("service", "dynamodb").addKeyValue("endpoint", endpoint)
                    .addKeyValue("startMillis", took.toMillis()).log("service started");
            return new LocalDynamoDb(process, dir, endpoint, took, shared);
        } catch (RuntimeException e) {
            if (process.isAlive()) {
                process.stop(STOP_GRACE);
            }
            throw new LocalStackException("dynalite did not start (files kept in " + dir + "); last output:"
                    + System.lineSeparator() + process.logTail(30), e);
        }
    }

    private static String node() {
        String configured = System.getProperty(NODE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("DDBSYNC_NODE");
        }
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Commands.find("node").map(Path::toString).orElseThrow(() -> new LocalStackException(
                "node not found on PATH; install Node.js 20+ or set -D" + NODE_PROPERTY));
    }

    private static URI awaitListening(ManagedProcess process, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> port = listeningPort(log);
            if (port.isPresent()) {
                return URI.create("http://" + FreePorts.LOOPBACK + ":" + port.get());
            }
            if (!process.isAlive()) {
                throw new LocalStackException("dynalite exited during start (pid " + process.pid() + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for dynalite", e);
            }
        }
        throw new LocalStackException("dynalite did not listen within " + START_TIMEOUT);
    }

    private static Optional<String> listeningPort(Path log) {
        try {
            Matcher matcher = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
