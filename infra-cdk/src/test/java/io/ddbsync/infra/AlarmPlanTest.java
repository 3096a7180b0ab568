package io.ddbsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.infra.config.AlarmPlan;
import io.ddbsync.infra.config.DdbSyncSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The alarms a configuration gets ({@link AlarmPlan} of its settings) are the
 * {@code AWS::CloudWatch::Alarm} resources of the template those settings synthesize, by number and by name;
 * {@link DdbSyncSettings#alarmPlan}, which the command reads, is that plan.
 */
class AlarmPlanTest {

    private static final String ACCOUNT = "123456789012";

    private static String streamArn(String table) {
        return "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/" + table + "/stream/2026-01-01T00:00:00.000";
    }

    static Stream<Arguments> configurations() {
        Map<String, Object> demo = new LinkedHashMap<>(Map.of("alarmEmail", "ops@example.com"));

        Map<String, Object> threeTables = new LinkedHashMap<>();
        threeTables.put("stackName", "shop-search");
        threeTables.put("tables", "[{\"name\":\"Orders\",\"streamArn\":\"" + streamArn("Orders") + "\"},"
                + "{\"name\":\"Customers\",\"streamArn\":\"" + streamArn("Customers") + "\"},"
                + "{\"name\":\"Products\",\"streamArn\":\"" + streamArn("Products") + "\"}]");
        threeTables.put("openSearchEndpoint", "search-prod-abc123.eu-west-1.es.amazonaws.com");
        threeTables.put("openSearchDomainArn", "arn:aws:es:eu-west-1:" + ACCOUNT + ":domain/search-prod");
        threeTables.put("openSearchInstanceCount", 3);
        threeTables.put("openSearchVolumeGiB", 100);
        threeTables.put("openSearchDedicatedMasters", true);
        threeTables.put("streamFailureDestination", "sqs");

        Map<String, Object> serverless = new LinkedHashMap<>();
        serverless.put("stackName", "serverless-sync");
        serverless.put("tableName", "Posts");
        serverless.put("tableStreamArn", streamArn("Posts"));
        serverless.put("openSearchEndpoint", "a1b2c3d4e5f6g7h8i9j0.eu-west-1.aoss.amazonaws.com");
        serverless.put("openSearchDomainArn", "arn:aws:aoss:eu-west-1:" + ACCOUNT + ":collection/a1b2c3d4e5f6g7h8i9j0");
        serverless.put("openSearchSigningService", "aoss");

        // counted by hand from Monitoring: 8 for the queues, worker and purge, 5 per table, then the domain's
        return Stream.of(
                Arguments.of("demo: one table, new one-node domain", demo, 8 + 5 + 8),
                Arguments.of("three tables, existing 3-node domain with dedicated masters, failures to SQS", threeTables,
                        8 + 3 * 5 + 9 + 3),
                Arguments.of("one table, OpenSearch Serverless", serverless, 8 + 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void plan_configuration_equalsTheSynthesizedAlarms(String name, Map<String, Object> context, int byHand) {
        AlarmPlan plan = AlarmPlan.of(DdbSyncSettings.fromContext(context::get));
        DdbSyncStack stack = DdbSyncApp.createStack(App.Builder.create().context(context).build());
        Map<String, Map<String, Object>> alarms = Template.fromStack(stack).findResources("AWS::CloudWatch::Alarm");

        List<String> alarmNames = alarms.values().stream()
                .map(r -> String.valueOf(((Map<?, ?>) r.get("Properties")).get("AlarmName")))
                .toList();
        assertThat(plan.count()).isEqualTo(alarms.size()).isEqualTo(byHand);
        assertThat(alarmNames).containsExactlyInAnyOrderElementsOf(
                plan.ids().stream().map(id -> stack.getStackName() + "-" + id).toList());
        assertThat(stack.monitoring().plan()).isEqualTo(plan);
        // what ddbsync cost reads: the same plan from the context alone, without the Lambda jars
        assertThat(DdbSyncSettings.alarmPlan(context::get)).isEqualTo(plan);
    }
}
