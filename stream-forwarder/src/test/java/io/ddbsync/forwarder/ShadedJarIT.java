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
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The deployable jar built by {@code mvn package}, on its own in a fresh JVM, against ElasticMQ. */
class ShadedJarIT {

    private static Path deployableJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("stream-forwarder-[0-9][^/]*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no deployable jar under target/; run mvn package"));
        }
    }

    private static Path codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void deployableJar_isLeanAndSelfContained() throws Exception {
        Path jar = deployableJar();
        long size = Files.size(jar);
        System.out.printf("stream-forwarder deployable jar: %s, %,d bytes (%.1f MB)%n", jar.getFileName(), size, size / 1e6);
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("io/ddbsync/forwarder/StreamForwarderHandler.class",
                    "io/ddbsync/model/wire/WireCodec.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "com/amazonaws/services/lambda/runtime/events/DynamodbEvent.class");
            assertThat(names).noneMatch(n -> n.startsWith("io/netty/") || n.startsWith("org/apache/http")
                    || n.startsWith("software/amazon/awssdk/http/nio/netty/") || n.startsWith("software/amazon/awssdk/http/apache"));
            assertThat(names).noneMatch(n -> n.matches("META-INF/[^/]*\\.(SF|DSA|RSA|EC)"));
        }
        assertThat(size).isLessThan(10_000_000L);
    }

    @Test
    void deployableJar_noArgHandlerConfiguredByEnvironment_forwardsAnEventToTheQueue() throws Exception {
        try (SqsClient sqs = LocalAws.sqs(LocalSqs.shared().endpoint())) {
            QueueReader queues = new QueueReader(sqs);
            String queue = queues.newQueue("shaded");
            String output = runJar(queue, false);

            assertThat(output).contains(ShadedJarSmoke.RESULT_PREFIX + "0");
            output.lines().filter(l -> l.startsWith(ShadedJarSmoke.COLD_START_PREFIX)).forEach(System.out::println);
            assertThat(output).contains("\"RecordsForwarded\":3");
            List<Message> messages = queues.drain(queue);
            assertThat(messages).hasSize(1);
            ChangeEnvelope envelope = WireCodec.decode(messages.get(0).body());
            assertThat(envelope.table()).isEqualTo("ExampleTableWithStream");
            assertThat(envelope.records()).extracting(WireRecord::seq).containsExactly(
                    "4421584500000000017450439091", "4421584500000000017450439092", "4421584500000000017450439093");
        }
    }

    /**
     * Cold start unprimed and primed in turn (the SnapStart priming run after construction, as
     * {@code beforeCheckpoint} would): prints each run's milliseconds for the README; each run forwards
     * exactly the event's one message, so the priming sent nothing.
     */
    @Test
    void deployableJar_unprimedAndPrimedInTurn_forwardOnlyTheEventAndPrintColdStart() throws Exception {
        try (SqsClient sqs = LocalAws.sqs(LocalSqs.shared().endpoint())) {
            QueueReader queues = new QueueReader(sqs);
            List<String> lines = new ArrayList<>();
            for (int run = 0; run < 6; run++) {
                boolean primed = run % 2 == 1;
                String queue = queues.newQueue("coldstart");
                String output = runJar(queue, primed);

                assertThat(output).contains(ShadedJarSmoke.RESULT_PREFIX + "0");
                assertThat(queues.drain(queue)).hasSize(1);
                output.lines().filter(l -> l.startsWith(ShadedJarSmoke.COLD_START_PREFIX)).forEach(lines::add);
            }
            assertThat(lines).hasSize(6);
            lines.forEach(System.out::println);
        }
    }

    private static String runJar(String queue, boolean primed) throws Exception {
        String classPath = String.join(File.pathSeparator, deployableJar().toAbsolutePath().toString(),
                codeSource(LambdaEventSerializers.class).toString(), codeSource(ShadedJarSmoke.class).toString());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ShadedJarSmoke.class.getName(), "events/insert-modify-remove.json",
                primed ? ShadedJarSmoke.PRIMED : "unprimed")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("CHANGE_QUEUE_URL", queue);
        env.put("SQS_ENDPOINT", LocalSqs.shared().endpoint().toString());
        env.put("AWS_REGION", LocalAws.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_ACCESS_KEY);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
