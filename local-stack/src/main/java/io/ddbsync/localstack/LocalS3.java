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
 * An S3-API server: Adobe's S3Mock ({@code com.adobe.testing:s3mock}, its executable Spring Boot jar from Maven
 * Central, copied by the local-stack build) run in a child JVM on this JVM's Java, plain HTTP on a free port of
 * 127.0.0.1, objects stored in the instance directory. Clients must use path-style addressing
 * ({@code http://127.0.0.1:<port>/<bucket>/<key>}): {@link LocalAws#s3(URI)} does.
 *
 * <p>Why a child JVM and not in this one: S3Mock is a Spring Boot application with its own logging binding,
 * Jackson and Tomcat; its authors discourage starting it in-process, and in a test JVM it would meet this
 * project's own Log4j 2 binding. A child JVM keeps both apart and is stopped by a signal like the other services.
 *
 * <p>S3Mock 4.7.0 also opens a second plain-HTTP connector (it has no setting to bind it to an address): this
 * launcher moves it to a random port; only the one on 127.0.0.1 is published. No request is authenticated.
 *
 * <p>{@link #shared()} returns the one server of this JVM (stopped by a shutdown hook; its {@link #close()} does
 * nothing); {@link #start()} returns a private server the caller closes (SIGTERM, SIGKILL after
 * {@value #STOP_GRACE_SECONDS} s; its directory with every object is deleted).
 */
public final class LocalS3 extends ProcessService {
    private static final Logger LOG = LoggerFactory.getLogger(LocalS3.class);

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final int STOP_GRACE_SECONDS = 10;
    /** Spring Boot 3's Tomcat line; the primary connector (ours, on 127.0.0.1) is listed first. */
    private static final Pattern TOMCAT_STARTED = Pattern.compile("Tomcat started on ports? (\\d+) \\(http\\)");
    private static final String APPLICATION_STARTED = "Started S3MockApplication";

    private static final SharedInstance<LocalS3> SHARED =
            new SharedInstance<>("s3", () -> launch(true), LocalS3::stop, LocalS3::death);

    private LocalS3(ManagedProcess process, Path instanceDir, URI endpoint, Duration startTime, boolean shared) {
        super("s3", Duration.ofSeconds(STOP_GRACE_SECONDS), process, instanceDir, endpoint, startTime, shared);
    }

    /** The server shared by all callers of this JVM, started on first use. */
    public static LocalS3 shared() {
        return SHARED.get();
    }

    /**
     * A new private server; the caller closes it.
     *
     * @throws LocalStackException when the jar is missing, or the server does not answer within 120 s (the instance
     *                             directory is kept then, its path and the server's last output are in the message)
     */
    public static LocalS3 start() {
        return launch(false);
    }

    private static LocalS3 launch(boolean shared) {
        long begin = System.nanoTime();
        Path jar = LocalStackLayout.load().requireS3MockJar();
        RunAs runAs = RunAs.currentUser();
        Path dir = InstanceDirs.create("s3mock", runAs);
        Path log = dir.resolve("s3mock.log");
        Path store = dir.resolve("store");
        Path tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(store);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new LocalStackException("cannot create the S3Mock directories under " + dir, e);
        }
        ManagedProcess process = ManagedProcess.start("s3mock", runAs.wrap(command(jar, store, tmp, 0)), Map.of(), dir, log);
        try {
            URI endpoint = awaitStarted(process, log);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            LOG.atInfo().addKeyValue("service", "s3").addKeyValue("endpoint", endpoint)
                    .addKeyValue("startMillis", took.toMillis()).log("service started");
            return new LocalS3(process, dir, endpoint, took, shared);
        } catch (RuntimeException e) {
            if (process.isAlive()) {
                process.stop(Duration.ofSeconds(STOP_GRACE_SECONDS));
            }
            throw new LocalStackException("S3Mock did not start (files kept in " + dir + "); last output:"
                    + System.lineSeparator() + process.logTail(30), e);
        }
    }

    /**
     * The child JVM: small heap, serial GC and C1 only (a test server on a shared 2-core machine); Spring properties
     * as command-line arguments, which take precedence over the defaults S3Mock sets in code.
     */
    static List<String> command(Path jar, Path store, Path tmp, int port) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + tmp,
                "-jar", jar.toString(),
                "--server.address=" + FreePorts.LOOPBACK,
                "--server.port=" + port,
                "--server.ssl.enabled=false",
                "--com.adobe.testing.s3mock.httpPort=0",
                "--com.adobe.testing.s3mock.store.root=" + store,
                "--com.adobe.testing.s3mock.store.region=" + LocalAws.REGION.id(),
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.org.springframework.boot.web.embedded.tomcat.TomcatWebServer=INFO",
                "--logging.level.com.adobe.testing.s3mock.S3MockApplication=INFO");
    }

    /** S3Mock again on the same port and store directory (S3Mock 4 deletes its objects when it exits cleanly). */
    @Override
    ManagedProcess relaunch() {
        Path dir = instanceDir();
        Path log = dir.resolve("s3mock.log");
        try {
            Files.deleteIfExists(log); // the started line of the process before must not be read as this one's
        } catch (IOException e) {
            throw new LocalStackException("cannot remove " + log + " for the restart", e);
        }
        ManagedProcess process = ManagedProcess.start("s3mock", RunAs.currentUser().wrap(command(
                LocalStackLayout.load().requireS3MockJar(), dir.resolve("store"), dir.resolve("tmp"), endpoint().getPort())),
                Map.of(), dir, log);
        try {
            URI endpoint = awaitStarted(process, log);
            if (!endpoint.equals(endpoint())) {
                throw new LocalStackException("the restarted S3Mock listens at " + endpoint + ", not at " + endpoint());
            }
            return process;
        } catch (RuntimeException e) {
            if (process.isAlive()) {
                process.stop(Duration.ofSeconds(STOP_GRACE_SECONDS));
            }
            throw new LocalStackException("S3Mock did not start again at " + endpoint() + "; last output:"
                    + System.lineSeparator() + process.logTail(30), e);
        }
    }

    private static URI awaitStarted(ManagedProcess process, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> port = startedPort(log);
            if (port.isPresent()) {
                return URI.create("http://" + FreePorts.LOOPBACK + ":" + port.get());
            }
            if (!process.isAlive()) {
                throw new LocalStackException("S3Mock exited during start (pid " + process.pid() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for S3Mock", e);
            }
        }
        throw new LocalStackException("S3Mock did not report \"" + APPLICATION_STARTED + "\" within " + START_TIMEOUT);
    }

    /** The primary connector's port once the application reported itself started. */
    static Optional<String> startedPort(Path log) {
        try {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher tomcat = TOMCAT_STARTED.matcher(output);
            return output.contains(APPLICATION_STARTED) && tomcat.find() ? Optional.of(tomcat.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
