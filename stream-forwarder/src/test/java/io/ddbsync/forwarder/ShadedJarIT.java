package io.ddbsync.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.forwarder.testing.QueueReader;
import io.ddbsync.forwarder.testing.ShadedJarSmoke;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import io.ddbsync.localstack.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The deployable jar built by {@code mvn package}, on its own in a fresh JVM, against ElasticMQ. */
class ShadedJarIT {

    @Test
    void deployableJar_isLeanAndSelfContained() throws Exception {
        Path jar = ChildJvm.deployableJar("stream-forwarder");
        long size = Files.size(jar);
        System.out.printf("stream-forwarder deployable jar: %s, %,d bytes (%.1f MB)%n", jar.getFileName(), size, size / 1e6);
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("io/ddbsync/forwarder/StreamForwarderHandler.class",
                    "io/ddbsync/model/wire/WireCodec.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "com/amazonaws/services/lambda/runtime/events/DynamodbEvent.class",
                    // the one log configuration and layout, and log4j2's merged plugin cache (the JSON layout's and
                    // Powertools' plugins next to log4j-core's)
                    "log4j2.xml", "ddbsync-log-layout.json",
                    "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");
            assertThat(names).noneMatch(n -> n.startsWith("io/netty/") || n.startsWith("org/apache/http")
                    || n.startsWith("software/amazon/awssdk/http/nio/netty/") || n.startsWith("software/amazon/awssdk/http/apache"));
            assertThat(names).noneMatch(n -> n.matches("META-INF/[^/]*\\.(SF|DSA|RSA|EC)"));
        }
        // 8.3 MB before the logging and metrics libraries; log4j2 + its JSON layout (≈ 2.0 MB compressed),
        // aws-embedded-metrics with commons-lang3 (≈ 0.6 MB), Powertools Logging and the AspectJ runtime (≈ 0.1 MB)
        assertThat(size).isLessThan(12_000_000L);
    }

    @Test
    void deployableJar_noArgHandlerConfiguredByEnvironment_forwardsAnEventToTheQueue() throws Exception {
        try (SqsClient sqs = LocalAws.sqs(LocalSqs.shared().endpoint())) {
            QueueReader queues = new QueueReader(sqs);
            String queue = queues.newQueue("shaded");
            String output = runJar(ChildJvm.currentJavaHome(), List.of(), queue, false);

            assertThat(output).contains(ShadedJarSmoke.RESULT_PREFIX + "0");
            output.lines().filter(l -> l.startsWith(ShadedJarSmoke.COLD_START_PREFIX)).forEach(System.out::println);
            assertThat(output).contains("\"RecordsForwarded\":3");
            // nothing but JSON (log and EMF lines) and the smoke's own lines: no log4j2 status error such as a
            // plugin the shaded jar lost
            assertThat(output.lines()).allMatch(l -> l.startsWith("{") || l.startsWith(ShadedJarSmoke.RESULT_PREFIX)
                    || l.startsWith(ShadedJarSmoke.COLD_START_PREFIX));
            List<Message> messages = queues.drain(queue);
            assertThat(messages).hasSize(1);
            ChangeEnvelope envelope = WireCodec.decode(messages.get(0).body());
            assertThat(envelope.table()).isEqualTo("ExampleTableWithStream");
            assertThat(envelope.records()).extracting(WireRecord::sequenceNumber).containsExactly(
                    "4421584500000000017450439091", "4421584500000000017450439092", "4421584500000000017450439093");
        }
    }

    /**
     * Cold start unprimed and primed in turn (the SnapStart priming run after construction, as
     * {@code beforeCheckpoint} would): prints each run's milliseconds for the README; each run forwards
     * exactly the event's one message, so the priming sent nothing. With
     * {@code -Dcoldstart.compareJava=<another Java home>} the runs alternate between this JVM's runtime and
     * that one (each line names the child's {@code java=} version), e.g. the Lambda runtimes {@code java17}
     * and {@code java25}; {@code -Dcoldstart.runs=N} (default 3) runs of each. With
     * {@code -Dcoldstart.lambdaJit=true} each child gets the JIT options Lambda's runtime of its Java
     * release uses for a SnapStart function ({@link ChildJvm#lambdaSnapStartJitOptions}), named on its line.
     */
    @Test
    void deployableJar_unprimedAndPrimedInTurn_forwardOnlyTheEventAndPrintColdStart() throws Exception {
        List<Path> javaHomes = new ArrayList<>(List.of(ChildJvm.currentJavaHome()));
        String otherJava = System.getProperty("coldstart.compareJava", "");
        if (!otherJava.isBlank()) {
            javaHomes.add(Path.of(otherJava));
        }
        // fails here, before any run, when a given home is not a Java installation
        List<String> versions = javaHomes.stream().map(ChildJvm::javaVersion).toList();
        List<List<String>> jvmOptions = versions.stream().map(v -> Boolean.getBoolean("coldstart.lambdaJit")
                ? ChildJvm.lambdaSnapStartJitOptions(v) : List.<String>of()).toList();
        int runs = Integer.parseInt(System.getProperty("coldstart.runs", "3"));
        assertThat(runs).as("coldstart.runs").isPositive();
        try (SqsClient sqs = LocalAws.sqs(LocalSqs.shared().endpoint())) {
            QueueReader queues = new QueueReader(sqs);
            List<String> lines = new ArrayList<>();
            Set<String> otherOutput = new LinkedHashSet<>();
            for (int run = 0; run < runs * 2 * javaHomes.size(); run++) {
                int runtime = run % javaHomes.size();
                boolean primed = (run / javaHomes.size()) % 2 == 1;
                String queue = queues.newQueue("coldstart");
                String output = runJar(javaHomes.get(runtime), jvmOptions.get(runtime), queue, primed);

                assertThat(output).contains(ShadedJarSmoke.RESULT_PREFIX + "0");
                assertThat(queues.drain(queue)).hasSize(1);
                List<String> coldStart = output.lines().filter(l -> l.startsWith(ShadedJarSmoke.COLD_START_PREFIX)).toList();
                assertThat(coldStart).singleElement().asString()
                        .contains("primed=" + primed + " java=" + versions.get(runtime) + " ");
                if (jvmOptions.get(runtime).contains("-XX:TieredStopAtLevel=1")) {
                    assertThat(coldStart.get(0)).contains(" tiered_stop_at_level=1 ");
                }
                coldStart.forEach(l -> lines.add(l + (jvmOptions.get(runtime).isEmpty() ? ""
                        : " jvm_options=" + String.join(",", jvmOptions.get(runtime)))));
                // what the runtime itself printed (JVM warnings a deployer would see in the function's log), once each
                output.lines().filter(l -> !l.startsWith("{") && !l.startsWith(ShadedJarSmoke.RESULT_PREFIX)
                                && !l.startsWith(ShadedJarSmoke.COLD_START_PREFIX))
                        .forEach(l -> otherOutput.add("java=" + versions.get(runtime) + ": " + l));
            }
            otherOutput.forEach(l -> System.out.println("child output besides logs, " + l));
            lines.forEach(System.out::println);
        }
    }

    private static String runJar(Path javaHome, List<String> jvmOptions, String queue, boolean primed) throws Exception {
        ChildJvm.Result result = ChildJvm.run(javaHome, jvmOptions, List.of(ChildJvm.deployableJar("stream-forwarder"), ChildJvm.codeSource(LambdaEventSerializers.class),
                ChildJvm.codeSource(ShadedJarSmoke.class)), ShadedJarSmoke.class.getName(),
                List.of("events/insert-modify-remove.json", primed ? ShadedJarSmoke.PRIMED : "unprimed"),
                Map.of("CHANGE_QUEUE_URL", queue,
                        "SQS_ENDPOINT", LocalSqs.shared().endpoint().toString(),
                        "AWS_REGION", LocalAws.REGION.id(),
                        "AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY_ID,
                        "AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_ACCESS_KEY), Duration.ofSeconds(120));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }
}
