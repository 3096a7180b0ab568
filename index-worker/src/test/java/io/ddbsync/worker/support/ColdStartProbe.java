package io.ddbsync.worker.support;

import io.ddbsync.localstack.esm.LambdaContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.worker.IndexWorkerHandler;
import io.ddbsync.worker.SnapStartPriming;
import io.ddbsync.worker.WorkerParts;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM whose class path is the deployable jar, the runtime's serializer, this class
 * and local-stack (for its {@link LambdaContext}): the way Lambda starts a function, it deserialises an SQS event, builds the handler with its
 * no-argument constructor (configuration from the environment) and invokes it; then a second event.
 * Prints one line: the runtime's {@code java.version} and its JIT's {@code TieredStopAtLevel}, then milliseconds: JVM start to main, event deserialisation, handler construction,
 * SnapStart priming (with the third argument {@value #PRIMED}; else 0), first event, JVM start to the
 * first event handled, second (warm) event. With SnapStart, construction and priming happen before
 * the snapshot: after a restore the function pays the restore and {@code first_event}.
 */
public final class ColdStartProbe {

    public static final String PREFIX = "COLD-START";
    /** Third argument: run the SnapStart priming after construction, as {@code beforeCheckpoint} would. */
    public static final String PRIMED = "primed";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long main = System.currentTimeMillis();
        PojoSerializer<SQSEvent> serializer = LambdaEventSerializers.serializerFor(SQSEvent.class,
                ColdStartProbe.class.getClassLoader());
        SQSEvent first = serializer.fromJson(Files.readString(Path.of(args[0])));
        long deserialized = System.currentTimeMillis();
        IndexWorkerHandler handler = new IndexWorkerHandler();
        long constructed = System.currentTimeMillis();
        boolean primed = args.length > 2 && PRIMED.equals(args[2]);
        if (primed) {
            // what SnapStart's beforeCheckpoint runs (the handler registered the same priming); its time is spent
            // before the snapshot, so it is reported apart and left out of first_event
            new SnapStartPriming(WorkerParts.fromEnv(System.getenv())).prime();
        }
        long afterPriming = System.currentTimeMillis();
        SQSBatchResponse r1 = handler.handleRequest(first, LambdaContext.of("index-worker", () -> 600_000));
        long handled = System.currentTimeMillis();
        SQSEvent second = serializer.fromJson(Files.readString(Path.of(args[1])));
        long secondStart = System.currentTimeMillis();
        SQSBatchResponse r2 = handler.handleRequest(second, LambdaContext.of("index-worker", () -> 600_000));
        long secondDone = System.currentTimeMillis();
        System.out.printf("%s primed=%s java=%s tiered_stop_at_level=%s jvm_to_main=%d deserialize=%d construct=%d prime=%d first_event=%d jvm_to_first_done=%d"
                        + " second_event=%d failures=%d,%d%n", PREFIX, primed, System.getProperty("java.version"),
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TieredStopAtLevel").getValue(), main - jvmStart, deserialized - main,
                constructed - deserialized, afterPriming - constructed, handled - afterPriming, handled - jvmStart,
                secondDone - secondStart,
                r1.getBatchItemFailures().size(), r2.getBatchItemFailures().size());
    }
}
