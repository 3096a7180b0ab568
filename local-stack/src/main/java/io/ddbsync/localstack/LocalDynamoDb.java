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
 * A DynamoDB-API server: dynalite (npm, installed by the local-stack build) run by Node, in memory or (with a data
 * directory) in a LevelDB there (dynalite's {@code --path}), on a free port of 127.0.0.1. CreateTable answers with the table CREATING; dynalite makes it ACTIVE right after on a
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

    private final Optional<Path> dataDir;

    private LocalDynamoDb(ManagedProcess process, Path instanceDir, URI endpoint, Duration startTime, boolean shared,
                          Optional<Path> dataDir) {
        super("dynamodb", STOP_GRACE, process, instanceDir, endpoint, startTime, shared);
        this.dataDir = dataDir;
    }

    /** The server shared by all callers of this JVM, started on first use. */
    public static LocalDynamoDb shared() {
        return SHARED.get();
    }

    /** A new private server; the caller closes it. */
    public static LocalDynamoDb start() {
        return launch(false, Optional.empty());
    }

    /**
     * A new private server whose tables live in a LevelDB in {@code dataDir} (created if missing), kept when it stops:
     * a server started later on the same directory serves them again. One server at a time may use it.
     */
    public static LocalDynamoDb startWithDataDir(Path dataDir) {
        return launch(false, Optional.of(dataDir.toAbsolutePath()));
    }

    private static LocalDynamoDb launch(boolean shared) {
        return launch(shared, Optional.empty());
    }

    private static LocalDynamoDb launch(boolean shared, Optional<Path> dataDir) {
        long begin = System.nanoTime();
        RunAs runAs = RunAs.currentUser();
        Path dir = InstanceDirs.create("dynalite", runAs);
        Path log = dir.resolve("dynalite.log");
        ManagedProcess process = spawn(0, dataDir, log);
        try {
            URI endpoint = awaitListening(process, log);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            LOG.atInfo().addKeyValue("service", "dynamodb").addKeyValue("endpoint", endpoint)
                    .addKeyValue("startMillis", took.toMillis()).log("service started");
            return new LocalDynamoDb(process, dir, endpoint, took, shared, dataDir);
        } catch (RuntimeException e) {
            if (process.isAlive()) {
                process.stop(STOP_GRACE);
            }
            throw new LocalStackException("dynalite did not start (files kept in " + dir + "); last output:"
                    + System.lineSeparator() + process.logTail(30), e);
        }
    }

    /** stdin stays an open pipe: the server exits when it closes, i.e. when this JVM is gone. */
    private static ManagedProcess spawn(int port, Optional<Path> dataDir, Path log) {
        Path dynalite = LocalStackLayout.load().requireDynaliteDir();
        List<String> command = new java.util.ArrayList<>(List.of(node(), dynalite.resolve("dynalite-server.js").toString(),
                Integer.toString(port)));
        if (dataDir.isPresent()) {
            try {
                Files.createDirectories(dataDir.get());
            } catch (IOException e) {
                throw new LocalStackException("cannot create dynalite's data directory " + dataDir.get(), e);
            }
            command.add(dataDir.get().toString());
        }
        return ManagedProcess.start("dynalite", RunAs.currentUser().wrap(command), Map.of(), dynalite, log);
    }

    /**
     * dynalite again on the same port: with a data directory its tables come back from the LevelDB; in memory they
     * are gone (and the Streams emulation's records point at items that are no longer there).
     */
    @Override
    ManagedProcess relaunch() {
        Path log = instanceDir().resolve("dynalite.log");
        try {
            Files.deleteIfExists(log); // the port line of the process before must not be read as this one's
        } catch (IOException e) {
            throw new LocalStackException("cannot remove " + log + " for the restart", e);
        }
        ManagedProcess process = spawn(endpoint().getPort(), dataDir, log);
        try {
            URI endpoint = awaitListening(process, log);
            if (!endpoint.equals(endpoint())) {
                throw new LocalStackException("the restarted dynalite listens at " + endpoint + ", not at " + endpoint());
            }
            return process;
        } catch (RuntimeException e) {
            if (process.isAlive()) {
                process.stop(STOP_GRACE);
            }
            throw new LocalStackException("dynalite did not start again at " + endpoint() + "; last output:"
                    + System.lineSeparator() + process.logTail(30), e);
        }
    }

    /** Whether the tables live on disk (a data directory) rather than in memory. */
    public boolean persistent() {
        return dataDir.isPresent();
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
