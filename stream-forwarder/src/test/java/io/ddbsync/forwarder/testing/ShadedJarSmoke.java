package io.ddbsync.forwarder.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.ddbsync.forwarder.SnapStartPriming;
import io.ddbsync.forwarder.StreamForwarderHandler;
import io.ddbsync.model.config.ForwarderConfig;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import java.io.InputStream;

/**
 * Runs in a separate JVM whose class path is the deployable jar plus the runtime's serializer:
 * reads an event resource as the Lambda runtime does, invokes the handler through its no-argument
 * constructor (configuration from the environment) and prints the response's failure count.
 */
public final class ShadedJarSmoke {

    public static final String RESULT_PREFIX = "SMOKE-RESULT batchItemFailures=";
    /** The cold-start line: the runtime's {@code java.version} and its JIT's {@code TieredStopAtLevel}, then milliseconds: JVM start to main, event deserialisation, construction, first event, total. */
    public static final String COLD_START_PREFIX = "COLD-START";
    /** Second argument: run the SnapStart priming after construction, as {@code beforeCheckpoint} would. */
    public static final String PRIMED = "primed";

    private ShadedJarSmoke() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long main = System.currentTimeMillis();
        PojoSerializer<DynamodbEvent> serializer =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, ShadedJarSmoke.class.getClassLoader());
        DynamodbEvent event;
        try (InputStream in = ShadedJarSmoke.class.getClassLoader().getResourceAsStream(args[0])) {
            event = serializer.fromJson(in);
        }
        long deserialized = System.currentTimeMillis();
        StreamForwarderHandler handler = new StreamForwarderHandler();
        long constructed = System.currentTimeMillis();
        boolean primed = args.length > 1 && PRIMED.equals(args[1]);
        if (primed) {
            // what SnapStart's beforeCheckpoint runs (the handler registered the same priming), before the snapshot
            ForwarderConfig config = ForwarderConfig.fromEnv(System.getenv());
            SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                    .region(Region.of(config.region()));
            config.sqsEndpoint().ifPresent(builder::endpointOverride);
            new SnapStartPriming(config, builder.build()).prime();
        }
        long afterPriming = System.currentTimeMillis();
        StreamsEventResponse response = handler.handleRequest(event, null);
        long handled = System.currentTimeMillis();
        System.out.println(RESULT_PREFIX + response.getBatchItemFailures().size());
        System.out.printf("%s primed=%s java=%s tiered_stop_at_level=%s jvm_to_main=%d deserialize=%d construct=%d prime=%d first_event=%d jvm_to_first_done=%d%n",
                COLD_START_PREFIX, primed, System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                        .getVMOption("TieredStopAtLevel").getValue(), main - jvmStart, deserialized - main, constructed - deserialized,
                afterPriming - constructed, handled - afterPriming, handled - jvmStart);
    }
}
