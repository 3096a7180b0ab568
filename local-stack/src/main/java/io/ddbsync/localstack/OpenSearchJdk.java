package io.ddbsync.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK an OpenSearch node runs on, chosen for the OpenSearch version: 2.x needs a JDK from 11 to 23 (it installs
 * a security manager, which JDK 24 removed), 3.x needs 21 or newer. The integ-test distributions bundle none.
 *
 * <p>In this order: {@code -D}{@value #JAVA_HOME_PROPERTY}, {@value #JAVA_HOME_ENV}, {@code OPENSEARCH_JAVA_HOME}
 * — the first one set must be a JDK of a fitting version, else the start fails naming it; then the running JDK
 * if it fits; then the newest fitting JDK found in the usual JVM directories ({@link #usualRoots}), read from each
 * JDK's {@code release} file. None fitting: the start fails naming {@value #JAVA_HOME_ENV}.
 */
record OpenSearchJdk(Path home, int feature, String chosenBy) {
    static final String JAVA_HOME_PROPERTY = "ddbsync.localstack.opensearch.javaHome";
    static final String JAVA_HOME_ENV = "DDBSYNC_OPENSEARCH_JAVA_HOME";
    static final String OPENSEARCH_ENV = "OPENSEARCH_JAVA_HOME";

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)\"?\\s*$");

    /** The JDK feature versions an OpenSearch version runs on, both ends included. */
    record Range(int min, int max) {
        static Range forOpenSearch(String openSearchVersion) {
            return majorOf(openSearchVersion) >= 3 ? new Range(21, Integer.MAX_VALUE) : new Range(11, 23);
        }

        boolean contains(int feature) {
            return feature >= min && feature <= max;
        }

        @Override
        public String toString() {
            return max == Integer.MAX_VALUE ? "JDK " + min + " or newer" : "a JDK from " + min + " to " + max;
        }
    }

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** The JDK for {@code openSearchVersion} on this machine, from this JVM's properties and environment. */
    static OpenSearchJdk forOpenSearch(String openSearchVersion) {
        Path running = Path.of(System.getProperty("java.home"));
        return locate(openSearchVersion, System::getProperty, System::getenv, running, Runtime.version().feature(),
                usualRoots(System::getenv, running, Path.of(System.getProperty("user.home"))));
    }

    static OpenSearchJdk locate(String openSearchVersion, UnaryOperator<String> properties, UnaryOperator<String> env,
                                Path runningHome, int runningFeature, List<Path> searchRoots) {
        Range range = Range.forOpenSearch(openSearchVersion);
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("-D" + JAVA_HOME_PROPERTY, properties.apply(JAVA_HOME_PROPERTY));
        configured.put(JAVA_HOME_ENV, env.apply(JAVA_HOME_ENV));
        configured.put(OPENSEARCH_ENV, env.apply(OPENSEARCH_ENV));
        for (Map.Entry<String, String> setting : configured.entrySet()) {
            if (setting.getValue() != null && !setting.getValue().isBlank()) {
                return checked(Path.of(setting.getValue().trim()), setting.getKey(), openSearchVersion, range);
            }
        }
        if (range.contains(runningFeature)) {
            return new OpenSearchJdk(runningHome, runningFeature, "the running JDK");
        }
        return candidates(searchRoots).stream()
                .filter(jdk -> range.contains(jdk.feature()))
                .max(Comparator.comparingInt(OpenSearchJdk::feature).thenComparing(jdk -> jdk.home().toString()))
                .orElseThrow(() -> new LocalStackException("OpenSearch " + openSearchVersion + " needs " + range
                        + "; the running JDK (" + runningHome + ") is " + runningFeature + " and none was found in " + searchRoots
                        + ": install one, or set " + JAVA_HOME_ENV + " (or -D" + JAVA_HOME_PROPERTY + ") to its home"));
    }

    private static OpenSearchJdk checked(Path home, String setting, String openSearchVersion, Range range) {
        OptionalInt feature = featureOf(home);
        if (feature.isEmpty()) {
            throw new LocalStackException(setting + "=" + home + " is not a JDK (no bin/java and release file there)");
        }
        if (!range.contains(feature.getAsInt())) {
            throw new LocalStackException(setting + "=" + home + " is JDK " + feature.getAsInt() + ", but OpenSearch "
                    + openSearchVersion + " needs " + range + ": point " + setting + " at one");
        }
        return new OpenSearchJdk(home, feature.getAsInt(), setting);
    }

    /** Every JDK directly in (or being) one of {@code roots}, each once. */
    static List<OpenSearchJdk> candidates(List<Path> roots) {
        Map<Path, OpenSearchJdk> found = new LinkedHashMap<>();
        for (Path root : roots) {
            for (Path home : homesIn(root)) {
                featureOf(home).ifPresent(feature -> found.putIfAbsent(realPath(home), new OpenSearchJdk(home, feature,
                        "found in " + root)));
            }
        }
        return List.copyOf(found.values());
    }

    private static List<Path> homesIn(Path root) {
        List<Path> homes = new ArrayList<>(List.of(root));
        if (Files.isDirectory(root)) {
            try (Stream<Path> children = Files.list(root)) {
                children.sorted().forEach(child -> {
                    homes.add(child);
                    homes.add(child.resolve("Contents").resolve("Home")); // macOS bundles
                });
            } catch (IOException e) {
                // unreadable directory: nothing found there
            }
        }
        return homes;
    }

    /** The feature version from a JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"} → 25, {@code "1.8.0_392"} → 8). */
    static OptionalInt featureOf(Path home) {
        return versionOf(home).map(OpenSearchJdk::parseFeature).orElse(OptionalInt.empty());
    }

    /**
     * {@code JAVA_VERSION} from a Java home's {@code release} file ({@code "25.0.3"}, the runtime's
     * {@code java.version}); empty when the home has no {@code bin/java}, no release file or no such line.
     */
    static Optional<String> versionOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isRegularFile(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static OptionalInt parseFeature(String javaVersion) {
        String[] parts = javaVersion.split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return OptionalInt.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Where JDKs are usually installed: beside {@code JAVA_HOME} and the running JDK, the Linux distributions'
     * {@code /usr/lib/jvm}, {@code /usr/lib64/jvm}, {@code /usr/java}, {@code /opt/java}, {@code /opt}, macOS'
     * {@code /Library/Java/JavaVirtualMachines}, SDKMAN's and IntelliJ's directories in the user's home.
     */
    static List<Path> usualRoots(UnaryOperator<String> env, Path runningHome, Path userHome) {
        List<Path> roots = new ArrayList<>();
        Optional.ofNullable(env.apply("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(javaHome -> {
            roots.add(javaHome);
            Optional.ofNullable(javaHome.getParent()).ifPresent(roots::add);
        });
        Optional.ofNullable(runningHome.getParent()).ifPresent(roots::add);
        for (String dir : List.of("/usr/lib/jvm", "/usr/lib64/jvm", "/usr/java", "/opt/java", "/opt",
                "/Library/Java/JavaVirtualMachines")) {
            roots.add(Path.of(dir));
        }
        roots.add(userHome.resolve(".sdkman").resolve("candidates").resolve("java"));
        roots.add(userHome.resolve(".jdks"));
        return roots.stream().distinct().toList();
    }

    static int majorOf(String openSearchVersion) {
        try {
            return Integer.parseInt(openSearchVersion.substring(0, openSearchVersion.indexOf('.')));
        } catch (RuntimeException e) {
            throw new LocalStackException("not an OpenSearch version: [" + openSearchVersion + "]", e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
