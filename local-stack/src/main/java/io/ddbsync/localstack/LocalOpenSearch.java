package io.ddbsync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node OpenSearch (the distribution, modules and plugins the local-stack build laid out: 2.19.6 by
 * default, 3.x when built with {@code -Popensearch3}) on free loopback ports, with 512 MB heap, security off
 * (plain HTTP), its config, data and logs in a directory of its own (see {@link InstanceDirs}), on a JDK that
 * fits its version (see {@link OpenSearchJdk}). When this JVM runs as root the node runs as an unprivileged
 * system user (see {@link RunAs}), since OpenSearch refuses root.
 *
 * <p>{@link #shared()} returns the one node of this JVM (stopped by a shutdown hook; its {@link #close()}
 * does nothing); {@link #start()} returns a private node the caller closes. Both return once the cluster
 * health is yellow or green.
 */
public final class LocalOpenSearch extends ProcessService {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOpenSearch.class);

    /** Upper bound for a start on a slow, busy machine; a typical start takes a few seconds. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    static final String HEAP = "512m";
    /** Extra JVM options for the node, appended last so they override the defaults (space separated). */
    static final String JAVA_OPTS_PROPERTY = "ddbsync.localstack.opensearch.javaOpts";

    private static final SharedInstance<LocalOpenSearch> SHARED =
            new SharedInstance<>("opensearch", () -> launch(true), LocalOpenSearch::stop, LocalOpenSearch::death);

    private final String version;
    private final List<String> plugins;
    private final List<String> command;
    private final Map<String, String> environment;

    private LocalOpenSearch(ManagedProcess process, Path instanceDir, URI endpoint, Duration startTime, boolean shared,
                            String version, List<String> plugins, List<String> command, Map<String, String> environment) {
        super("opensearch", STOP_GRACE, process, instanceDir, endpoint, startTime, shared);
        this.version = version;
        this.plugins = List.copyOf(plugins);
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    /** The OpenSearch version this node runs, e.g. {@code 2.19.6} or {@code 3.3.2}. */
    public String version() {
        return version;
    }

    /**
     * The plugins the build installed besides the modules ({@code analysis-nori} on 2.x; none on 3.x, where
     * an index asking for {@code nori_tokenizer} is refused).
     */
    public List<String> plugins() {
        return plugins;
    }

    /** The node shared by all callers of this JVM, started on first use. */
    public static LocalOpenSearch shared() {
        return SHARED.get();
    }

    /** A new private node; the caller closes it. */
    public static LocalOpenSearch start() {
        return launch(false, Optional.empty());
    }

    /**
     * A new private node whose indices live in {@code dataDir} ({@code path.data}), kept when it stops: a node started
     * later on the same directory finds them again. The directory is created if missing (and given to the service
     * user when running as root); one node at a time may use it (OpenSearch locks it).
     */
    public static LocalOpenSearch startWithDataDir(Path dataDir) {
        return launch(false, Optional.of(dataDir));
    }

    private static LocalOpenSearch launch(boolean shared) {
        return launch(shared, Optional.empty());
    }

    private static LocalOpenSearch launch(boolean shared, Optional<Path> dataDir) {
        long begin = System.nanoTime();
        LocalStackLayout layout = LocalStackLayout.load();
        Path distribution = layout.requireOpenSearchHome();
        OpenSearchJdk jdk = OpenSearchJdk.forOpenSearch(layout.openSearchVersion());
        Path javaHome = jdk.home();
        Path java = jdk.java();
        RunAs runAs = RunAs.unprivileged();

        Path dir = InstanceDirs.create("opensearch", runAs);
        ManagedProcess process = null;
        try {
            Path home = reachableHome(distribution, layout.openSearchVersion(), dir, runAs);
            if (!runAs.canAccess(List.of(java, javaHome.resolve("lib").resolve("modules")), List.of())) {
                throw new LocalStackException("user " + runAs.describe() + " cannot run the JVM at " + javaHome
                        + " (" + jdk.chosenBy() + "); use a JDK installed where every user can read it");
            }
            Path data = dataDir.map(Path::toAbsolutePath).orElse(dir.resolve("data"));
            Path config = writeConfig(dir, home, data, 0);
            runAs.own(dir);
            if (dataDir.isPresent()) {
                runAs.own(data);
                if (!runAs.canAccess(List.of(), List.of(data))) {
                    throw new LocalStackException("user " + runAs.describe() + " cannot write the data directory " + data
                            + " (is a parent directory closed to other users?); choose one it can reach");
                }
            }
            List<String> command = runAs.wrap(command(java, OpenSearchJdk.majorOf(layout.openSearchVersion()), home, config, dir));
            Map<String, String> environment = environment(javaHome, home, config, dir);
            process = ManagedProcess.start("opensearch", command, environment, dir, dir.resolve("logs").resolve("console.log"));
            URI endpoint = awaitReady(process, dir);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            LOG.atInfo().addKeyValue("service", "opensearch").addKeyValue("endpoint", endpoint)
                    .addKeyValue("version", layout.openSearchVersion()).addKeyValue("javaVersion", jdk.feature())
                    .addKeyValue("startMillis", took.toMillis()).log("service started");
            return new LocalOpenSearch(process, dir, endpoint, took, shared, layout.openSearchVersion(), layout.openSearchPlugins(),
                    command, environment);
        } catch (RuntimeException e) {
            if (process != null && process.isAlive()) {
                process.stop(STOP_GRACE);
            }
            throw new LocalStackException("OpenSearch did not start as " + runAs.describe() + " (files kept in " + dir + ")"
                    + (process == null ? "" : "; last output:" + System.lineSeparator() + process.logTail(30)), e);
        }
    }

    /**
     * The node again on the same HTTP port ({@code http.port} fixed in its configuration; OpenSearch binds with
     * {@code SO_REUSEADDR}) and the same {@code path.data}: its indices come back as they were on disk.
     */
    @Override
    ManagedProcess relaunch() {
        Path dir = instanceDir();
        Path config = dir.resolve("config").resolve("opensearch.yml");
        ManagedProcess process = null;
        try {
            String yml = Files.readString(config, StandardCharsets.UTF_8)
                    .replaceFirst("(?m)^http\\.port: .*$", "http.port: " + endpoint().getPort());
            Files.writeString(config, yml, StandardCharsets.UTF_8);
            Files.deleteIfExists(dir.resolve("logs").resolve("http.ports"));
            process = ManagedProcess.start("opensearch", command, environment, dir, dir.resolve("logs").resolve("console.log"));
            URI endpoint = awaitReady(process, dir);
            if (!endpoint.equals(endpoint())) {
                throw new LocalStackException("the restarted node answers at " + endpoint + ", not at " + endpoint());
            }
            return process;
        } catch (IOException e) {
            throw new LocalStackException("cannot rewrite " + config + " for the restart", e);
        } catch (RuntimeException e) {
            if (process != null && process.isAlive()) {
                process.stop(STOP_GRACE);
            }
            throw new LocalStackException("OpenSearch did not start again at " + endpoint()
                    + (process == null ? "" : "; last output:" + System.lineSeparator() + process.logTail(30)), e);
        }
    }

    /** The distribution itself when the service user can read it, else a private copy in the instance dir. */
    static Path reachableHome(Path distribution, String version, Path dir, RunAs runAs) {
        List<Path> probes = List.of(distribution.resolve("lib").resolve("opensearch-" + version + ".jar"),
                distribution.resolve("modules/lang-painless/plugin-descriptor.properties"));
        if (runAs.canAccess(probes, List.of())) {
            return distribution;
        }
        Path copy = dir.resolve("home");
        InstanceDirs.copyTree(distribution, copy);
        return copy;
    }

    private static Path writeConfig(Path dir, Path home, Path data, int httpPort) {
        Path config = dir.resolve("config");
        try {
            for (String sub : List.of("config", "logs", "tmp")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.createDirectories(data);
            Files.copy(home.resolve("config").resolve("log4j2.properties"), config.resolve("log4j2.properties"));
            String yml = String.join("\n",
                    "cluster.name: ddbsync-local",
                    "node.name: local",
                    "discovery.type: single-node",
                    "network.host: " + FreePorts.LOOPBACK,
                    "http.port: " + httpPort,
                    "transport.port: 0",
                    "node.portsfile: true",
                    "path.data: " + data,
                    "path.logs: " + dir.resolve("logs"),
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    "");
            Files.writeString(config.resolve("opensearch.yml"), yml, StandardCharsets.UTF_8);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OpenSearch configuration in " + config, e);
        }
    }

    /**
     * The node's command line. What differs by major version is what each version's own {@code config/jvm.options}
     * and launcher set: 2.x installs a security manager (JDK 18+ refuse it unless allowed) and names the secure
     * fork-join thread factory; 3.x has neither (JDK 24+ refuse {@code java.security.manager=allow}) and runs its
     * agent instead, with the incubating vector module; JDK 23 dropped the COMPAT locale data.
     */
    static List<String> command(Path java, int major, Path home, Path config, Path dir) {
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-Xss1m", "-XX:-UsePerfData",
                // C1 only: starting a node takes about half the CPU time; test workloads are small.
                "-XX:TieredStopAtLevel=1",
                "-XX:-OmitStackTraceInFastThrow", "-XX:+ShowCodeDetailsInExceptionMessages",
                "-XX:ErrorFile=" + dir.resolve("logs").resolve("hs_err_pid%p.log"),
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-Djna.nosys=true",
                "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
                "-Dio.netty.recycler.maxCapacityPerThread=0", "-Dio.netty.allocator.numDirectArenas=0",
                "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true", "-Dlog4j2.formatMsgNoLookups=true"));
        if (major >= 3) {
            command.addAll(List.of("-Djava.locale.providers=SPI,CLDR",
                    "--add-modules=jdk.incubator.vector",
                    "-javaagent:" + home.resolve("agent").resolve("opensearch-agent.jar")));
        } else {
            command.addAll(List.of("-Djava.locale.providers=SPI,COMPAT",
                    "-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory",
                    // OpenSearch 2.x installs a security manager; JDK 18+ refuses that unless allowed (JDK 12+ accept the flag).
                    "-Djava.security.manager=allow"));
        }
        String extra = System.getProperty(JAVA_OPTS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dopensearch.path.home=" + home,
                "-Dopensearch.path.conf=" + config,
                "-Dopensearch.distribution.type=zip",
                "-Dopensearch.bundled_jdk=false",
                "-cp", home.resolve("lib") + "/*",
                "org.opensearch.bootstrap.OpenSearch"));
        return command;
    }

    private static Map<String, String> environment(Path javaHome, Path home, Path config, Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENSEARCH_JAVA_HOME", javaHome.toString());
        env.put("OPENSEARCH_HOME", home.toString());
        env.put("OPENSEARCH_PATH_CONF", config.toString());
        env.put("OPENSEARCH_TMPDIR", dir.resolve("tmp").toString());
        env.put("HOME", dir.toString());
        // Agents configured for this JVM (coverage, debuggers) usually point at files the node's user cannot read.
        env.put("JAVA_TOOL_OPTIONS", "");
        env.put("_JAVA_OPTIONS", "");
        return env;
    }

    private static URI awaitReady(ManagedProcess process, Path dir) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path portsFile = dir.resolve("logs").resolve("http.ports");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI endpoint = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LocalStackException("OpenSearch exited during start (pid " + process.pid() + ")");
            }
            if (endpoint == null) {
                endpoint = readPortsFile(portsFile).map(address -> URI.create("http://" + address)).orElse(null);
            }
            if (endpoint != null && isHealthy(http, endpoint)) {
                return endpoint;
            }
            pause();
        }
        throw new LocalStackException("OpenSearch was not ready within " + START_TIMEOUT
                + (endpoint == null ? " (no HTTP port published in " + portsFile + ")" : " at " + endpoint));
    }

    private static Optional<String> readPortsFile(Path portsFile) {
        try {
            if (!Files.isRegularFile(portsFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(portsFile, StandardCharsets.UTF_8).stream()
                    .map(String::trim)
                    .filter(line -> line.startsWith(FreePorts.LOOPBACK + ":"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty(); // written while we read: try again
        }
    }

    private static boolean isHealthy(HttpClient http, URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().matches("(?s).*\"status\"\\s*:\\s*\"(green|yellow)\".*");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for OpenSearch at " + endpoint, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for OpenSearch", e);
        }
    }
}
