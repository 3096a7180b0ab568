package io.ddbsync.localstack;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a class in a fresh JVM, the way Lambda starts a function from its jar: the tests that check a
 * deployable jar on its own (forwarder and worker) use it. Output (stdout and stderr together) goes
 * to a file, so the timeout is enforced while the child runs; a child still running at the timeout
 * is killed and reported.
 */
public final class ChildJvm {

    /** How the child ended; {@code output} is everything it printed. */
    public record Result(int exitCode, String output) {
    }

    private ChildJvm() {
    }

    /** The classifier of a Lambda module's deployable (shaded) jar, attached beside its plain jar. */
    public static final String LAMBDA_CLASSIFIER = "lambda";

    /** The deployable jar {@code <artifactId>-<version>-lambda.jar} a Lambda module's build wrote to its {@code target/}. */
    public static Path deployableJar(String artifactId) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches(Pattern.quote(artifactId) + "-[0-9][^/]*-"
                            + LAMBDA_CLASSIFIER + "\\.jar"))
                    .findFirst().orElseThrow(() -> new LocalStackException("no deployable " + artifactId
                            + " jar under target/; run mvn package"));
        }
    }

    /** The jar or class directory {@code type} was loaded from, to put on a child's class path. */
    public static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new LocalStackException("no code source for " + type.getName(), e);
        }
    }

    /** This JVM's own {@code java.home}: the runtime {@link #run(List, String, List, Map, Duration)} starts. */
    public static Path currentJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * The version a Java home names in its {@code release} file ({@code JAVA_VERSION}, e.g. {@code 25.0.3}:
     * the {@code java.version} a child started from it reports).
     *
     * @throws LocalStackException when {@code javaHome} has no executable {@code bin/java} or no
     *                             {@code JAVA_VERSION} in a {@code release} file
     */
    public static String javaVersion(Path javaHome) {
        if (!Files.isExecutable(java(javaHome))) {
            throw new LocalStackException(javaHome + " is not a Java home: no executable " + java(javaHome));
        }
        return OpenSearchJdk.versionOf(javaHome).orElseThrow(() -> new LocalStackException(javaHome
                + " is not a Java home: no JAVA_VERSION in " + javaHome.resolve("release")));
    }

    /**
     * The JIT options Lambda's Java runtime starts a function's JVM with, for a function published with
     * SnapStart (as the stack deploys them): {@code java17} and {@code java21} stop tiered compilation at
     * level 1 (C1 only); {@code java25} with SnapStart or provisioned concurrency keeps the JVM's defaults
     * (C2 too). Source: AWS Lambda Developer Guide, "Customize Java runtime startup behavior", tiered
     * compilation.
     *
     * @param javaVersion a runtime's {@code java.version}, e.g. {@code 17.0.15}
     * @return the options to start a child with, empty for the JVM's defaults
     * @throws LocalStackException when {@code javaVersion} names no feature release
     */
    public static List<String> lambdaSnapStartJitOptions(String javaVersion) {
        int feature = OpenSearchJdk.parseFeature(javaVersion).orElseThrow(() -> new LocalStackException(
                "not a Java version: " + javaVersion));
        return feature >= 25 ? List.of() : List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    }

    private static Path java(Path javaHome) {
        return javaHome.resolve(Path.of("bin", "java"));
    }

    /**
     * Runs the child on this JVM's own runtime ({@link #currentJavaHome()}).
     *
     * @param classPath   entries, in order
     * @param environment added to this JVM's environment minus every {@code AWS_*} variable
     * @throws LocalStackException when the child does not end within {@code timeout} (with its output so far)
     */
    public static Result run(List<Path> classPath, String mainClass, List<String> args, Map<String, String> environment,
                             Duration timeout) throws IOException, InterruptedException {
        return run(currentJavaHome(), List.of(), classPath, mainClass, args, environment, timeout);
    }

    /**
     * Runs the child on the runtime installed at {@code javaHome} (its {@code bin/java}), e.g. to compare
     * a deployable jar's cold start on two Java releases.
     *
     * @param jvmOptions  options before the class path, e.g. {@link #lambdaSnapStartJitOptions(String)}
     * @param classPath   entries, in order
     * @param environment added to this JVM's environment minus every {@code AWS_*} variable
     * @throws LocalStackException when {@code javaHome} has no executable {@code bin/java}, or the child does
     *                             not end within {@code timeout} (with its output so far)
     */
    public static Result run(Path javaHome, List<String> jvmOptions, List<Path> classPath, String mainClass, List<String> args,
                             Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        Path java = java(javaHome);
        if (!Files.isExecutable(java)) {
            throw new LocalStackException(javaHome + " is not a Java home: no executable " + java);
        }
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp", String.join(File.pathSeparator, classPath.stream().map(p -> p.toAbsolutePath().toString()).toList()),
                mainClass));
        command.addAll(args);
        Path out = Files.createTempFile("child-jvm", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            pb.environment().putAll(environment);
            Process process = pb.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new LocalStackException(mainClass + " still running after " + timeout.toSeconds() + " s; output:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
