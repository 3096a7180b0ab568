package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.ColdStartProbe;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.ddbsync.localstack.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar, alone in fresh JVMs configured only by environment variables, handles an SQS
 * event of one 100-change message into the real OpenSearch; prints the jar size and the cold-start
 * milliseconds of each run (no timed assertion: the figures go to the README). With
 * {@code -Dcoldstart.compareJar=<another build of the jar>} the runs alternate between the two jars
 * (same event, same node, same moment), so a before/after comparison is not a comparison of two
 * different loads of the machine. Likewise {@code -Dcoldstart.compareJava=<another Java home>} alternates
 * this JVM's own runtime with that one (each line names the child's {@code java=} version), e.g. the
 * Lambda runtimes {@code java17} and {@code java25} on the same jar. Each variant runs unprimed and primed
 * (the SnapStart priming run after construction, as {@code beforeCheckpoint} would) in turn:
 * {@code first_event} is what a restored snapshot still pays. {@code -Dcoldstart.runs=N} (default 3)
 * runs of each. With {@code -Dcoldstart.lambdaJit=true} each child gets the JIT options Lambda's runtime
 * of its Java release uses for a SnapStart function ({@link ChildJvm#lambdaSnapStartJitOptions}: C1 only
 * on {@code java17}, the JVM's defaults on {@code java25}), named on its line.
 */
class ColdStartIT {

    /** One jar on one runtime and its options, with the {@code java.version} its child must report. */
    private record Variant(Path jar, Path javaHome, String javaVersion, List<String> jvmOptions) {
    }

    static int runs() {
        int runs = Integer.parseInt(System.getProperty("coldstart.runs", "3"));
        if (runs < 1) {
            throw new IllegalArgumentException("coldstart.runs must be at least 1, was " + runs);
        }
        return runs;
    }

    private static Path eventFile(Changes changes, int rev) throws Exception {
        List<ChangeRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(changes.put(rev == 1 ? Op.INSERT : Op.MODIFY, "c" + i, rev));
        }
        Path file = Files.createTempFile("sqs-event", ".json");
        Files.writeString(file, LambdaSqsEvents.json(List.of(LambdaSqsEvents.Delivered.fresh(changes.body(records)))));
        return file;
    }

    @Test
    void deployableJar_freshJvm_handlesAnEventAndPrintsItsColdStart() throws Exception {
        List<Path> jars = new ArrayList<>(List.of(ChildJvm.deployableJar("index-worker")));
        String other = System.getProperty("coldstart.compareJar", "");
        if (!other.isBlank()) {
            jars.add(Path.of(other));
        }
        List<Path> javaHomes = new ArrayList<>(List.of(ChildJvm.currentJavaHome()));
        String otherJava = System.getProperty("coldstart.compareJava", "");
        if (!otherJava.isBlank()) {
            javaHomes.add(Path.of(otherJava));
        }
        List<Variant> variants = new ArrayList<>();
        for (Path jar : jars) {
            System.out.printf("index-worker jar: %s, %,d bytes (%.1f MB)%n", jar, Files.size(jar), Files.size(jar) / 1e6);
            for (Path javaHome : javaHomes) {
                // fails here, before any run, when a given home is not a Java installation
                String version = ChildJvm.javaVersion(javaHome);
                variants.add(new Variant(jar, javaHome, version, Boolean.getBoolean("coldstart.lambdaJit")
                        ? ChildJvm.lambdaSnapStartJitOptions(version) : List.of()));
            }
        }
        Pattern line = Pattern.compile(ColdStartProbe.PREFIX + " .*");
        List<String> lines = new ArrayList<>();
        Set<String> otherOutput = new LinkedHashSet<>();
        // alternate variants (jars × runtimes), and within each unprimed / primed runs (SnapStart's beforeCheckpoint priming)
        for (int run = 0; run < runs() * variants.size() * 2; run++) {
            Variant variant = variants.get(run % variants.size());
            Path jar = variant.jar();
            boolean primed = (run / variants.size()) % 2 == 1;
            List<Path> classPath = List.of(jar, ChildJvm.codeSource(LambdaEventSerializers.class), ChildJvm.codeSource(ColdStartProbe.class),
                    ChildJvm.codeSource(io.ddbsync.localstack.esm.LambdaContext.class));
            Fixture f = new Fixture("Cold");
            // the index exists, as it does at almost every cold start: first_event is the function's own time
            new IndexBootstrap(Fixture.openSearch(), new IndexTemplates(Map.of(), "ddbsync"), "ddbsync").ensure(f.index);
            Changes changes = f.changes();
            Path first = eventFile(changes, 1);
            Path second = eventFile(changes, 2);
            ChildJvm.Result result = ChildJvm.run(variant.javaHome(), variant.jvmOptions(), classPath, ColdStartProbe.class.getName(),
                    List.of(first.toString(), second.toString(), primed ? ColdStartProbe.PRIMED : "unprimed"), Map.of(
                            "OPENSEARCH_ENDPOINT", Fixture.openSearchEndpoint().toString(),
                            "OPENSEARCH_AUTH", "none",
                            "AWS_REGION", "us-east-1",
                            "INDEX_MAP", f.table + "=" + f.index,
                            "IDEMPOTENCY_TABLE", ""), Duration.ofSeconds(120));
            String output = result.output();

            assertThat(result.exitCode()).as(output).isZero();
            Matcher m = line.matcher(output);
            assertThat(m.find()).as(output).isTrue();
            assertThat(m.group()).endsWith("failures=0,0").contains("primed=" + primed + " java=" + variant.javaVersion() + " ");
            if (variant.jvmOptions().contains("-XX:TieredStopAtLevel=1")) {
                assertThat(m.group()).contains(" tiered_stop_at_level=1 ");
            }
            lines.add(m.group() + (jars.size() > 1 ? " jar=" + jar.getFileName() : "")
                    + (variant.jvmOptions().isEmpty() ? "" : " jvm_options=" + String.join(",", variant.jvmOptions())));
            // what the runtime itself printed (JVM warnings a deployer would see in the function's log), once each
            output.lines().filter(l -> !l.startsWith("{") && !l.startsWith(ColdStartProbe.PREFIX))
                    .forEach(l -> otherOutput.add("java=" + variant.javaVersion() + ": " + l));
            Map<String, ObjectNode> docs = f.searchIndex().searchAll();
            assertThat(docs).hasSize(100);
            assertThat(docs.values()).allSatisfy(d -> assertThat(d.get("rev").asInt()).isEqualTo(2));
            Files.delete(first);
            Files.delete(second);
        }
        otherOutput.forEach(l -> System.out.println("child output besides logs, " + l));
        lines.forEach(System.out::println);
        System.out.println("index-worker cold start (ms), " + lines.size() + " runs");
    }
}
