package io.ddbsync.infra;

import static io.ddbsync.infra.TemplateSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.infra.constructs.Backfill;
import io.ddbsync.infra.constructs.Forwarder;
import io.ddbsync.infra.constructs.Worker;
import io.ddbsync.model.config.BackfillConfig;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.model.metrics.MetricDimensions;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import io.ddbsync.model.config.SearchTargetConfig;

/**
 * Three existing tables, one existing VPC-endpoint domain (with dedicated masters), one stack: the
 * production shape of the README's third command. Also the contract between the stack and the
 * Lambda modules: synthesized environments through the real config parsers, handlers resolved in
 * the built jars, every custom metric an emitted name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdbSyncStackThreeTablesVpcTest {

    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String ALARM = "AWS::CloudWatch::Alarm";
    private static final String ACCOUNT = "123456789012";
    private static final String DOMAIN_ARN = "arn:aws:es:eu-west-1:" + ACCOUNT + ":domain/search-prod";
    private static final List<String> TABLES = List.of("Orders", "Customers", "Products");
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private DdbSyncStack stack;
    private Template template;

    private static String streamArn(String table) {
        return "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/" + table + "/stream/2026-01-01T00:00:00.000";
    }

    @BeforeAll
    void synthesize() {
        String tables = "[{\"name\":\"Orders\",\"streamArn\":\"" + streamArn("Orders") + "\"},"
                + "{\"name\":\"Customers\",\"streamArn\":\"" + streamArn("Customers") + "\",\"index\":\"people\","
                + "\"kmsKeyArn\":\"" + KMS_KEY + "\",\"quarantine\":\"off\",\"textAnalysis\":\"korean\"},"
                + "{\"name\":\"Products\",\"streamArn\":\"" + streamArn("Products") + "\","
                + "\"template\":{\"mappings\":{\"properties\":{\"sku\":{\"type\":\"keyword\"}}}}}]";
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stackName", "shop-search");
        context.put("tables", tables);
        context.put("openSearchEndpoint", "vpc-search-prod-abc123.eu-west-1.es.amazonaws.com");
        context.put("openSearchDomainArn", DOMAIN_ARN);
        context.put("openSearchVolumeGiB", 100);
        context.put("openSearchInstanceCount", 3);
        context.put("openSearchDedicatedMasters", true);
        context.put("vpcId", "vpc-0123456789abcdef0");
        context.put("vpcSubnetIds", "subnet-0123456789abcdef0,subnet-0fedcba9876543210");
        context.put("vpcSecurityGroupIds", "sg-0123456789abcdef0");
        context.put("vpcRouteTableIds", "rtb-0123456789abcdef0");
        context.put("alarmEmail", "ops@example.com");
        context.put("workerMinimumPollers", 2);
        context.put("workerMaximumPollers", 20);
        context.put("tracing", true);
        stack = DdbSyncApp.createStack(App.Builder.create().context(context).build());
        template = Template.fromStack(stack);
    }

    @Test
    void forwarders_oneMappingPerTable_eachOnItsOwnStream() {
        for (String table : TABLES) {
            template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", streamArn(table), "StartingPosition", "TRIM_HORIZON",
                    "MaximumRecordAgeInSeconds", 6 * 3600));
        }
        assertThat(template.findResources(FUNCTION, Map.of("Properties", Match.objectLike(Map.of(
                "Handler", Forwarder.HANDLER))))).hasSize(3);
    }

    @Test
    void workerEventSource_provisionedPollers_dedicatedPollersInsteadOfMaximumConcurrency() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ProvisionedPollerConfig", Map.of("MinimumPollers", 2, "MaximumPollers", 20),
                "ScalingConfig", Match.absent()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functions_tracing_activeWithPermissionToSendSegments() {
        Map<String, Map<String, Object>> functions = template.findResources(FUNCTION);
        // the forwarders, the worker, the purge and the backfill function
        assertThat(functions).hasSize(TABLES.size() + 3);
        for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
            Map<String, Object> properties = (Map<String, Object>) function.getValue().get("Properties");
            assertThat(properties.get("TracingConfig")).as(function.getKey()).isEqualTo(Map.of("Mode", "Active"));
            String role = (String) ((List<Object>) ((Map<String, Object>) properties.get("Role")).get("Fn::GetAtt")).get(0);
            assertThat(statementsOfRole(template, role)).as(function.getKey()).contains(Map.of(
                    "Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                    "Effect", "Allow", "Resource", "*"));
        }
    }

    @Test
    void worker_env_indexMapOfAllTablesAndTemplates() {
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Worker.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        EnvNames.INDEX_MAP, "Orders=orders,Customers=people,Products=products",
                        EnvNames.INDEX_TEMPLATES, "{\"products\":{\"mappings\":{\"properties\":{\"sku\":{\"type\":\"keyword\"}}}}}")))));
    }

    @Test
    void worker_env_textAnalysisOfTheTableThatAsks_workerMakesNoriItsIndexsDefaultAnalyzer() {
        Capture variables = new Capture();
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Worker.HANDLER,
                "Environment", Map.of("Variables", variables)));
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) (Map<String, ?>) variables.asObject();

        assertThat(env).containsEntry(EnvNames.TEXT_ANALYSIS, "people=korean");
        io.ddbsync.worker.opensearch.IndexTemplates read = io.ddbsync.worker.opensearch.IndexTemplates.fromEnv(env, "ddbsync");
        assertThat(read.templateBody("people").at("/settings/analysis/tokenizer/ddbsync_korean/type").asText())
                .isEqualTo("nori_tokenizer");
        assertThat(read.templateBody("products").at("/settings/analysis").isMissingNode()).isTrue();
        assertThat(read.templateBody("products").at("/mappings/properties/sku/type").asText()).isEqualTo("keyword");
    }

    @Test
    void purge_env_indexMapOfThisDeploymentOnly_deleteByQueryOnItsWriteAliases() {
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Worker.PURGE_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        EnvNames.INDEX_MAP, "Orders=orders,Customers=people,Products=products")))));
        List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, Worker.PURGE_HANDLER));
        assertThat(statements).contains(Map.of("Sid", "OpenSearchDeleteTombstones", "Action", "es:ESHttpPost",
                "Effect", "Allow", "Resource", List.of(DOMAIN_ARN + "/orders_write/_delete_by_query",
                        DOMAIN_ARN + "/people_write/_delete_by_query", DOMAIN_ARN + "/products_write/_delete_by_query")));
    }

    @Test
    void kmsKey_encryptedTable_forwarderWorkerAndBackfillMayDecrypt() {
        String customers = logicalId(template, FUNCTION, Map.of("Handler", Forwarder.HANDLER,
                "Description", Match.stringLikeRegexp(".*table Customers.*")));
        assertThat(statementsOfRole(template, roleOf(customers))).contains(
                Map.of("Sid", "DecryptTableStream", "Action", "kms:Decrypt", "Effect", "Allow", "Resource", KMS_KEY));
        assertThat(statementsOfRole(template, roleOfFunction(template, Worker.HANDLER))).contains(
                Map.of("Sid", "DecryptSourceItems", "Action", "kms:Decrypt", "Effect", "Allow", "Resource", KMS_KEY));
        // a Scan of an encrypted table decrypts its items
        assertThat(statementsOfRole(template, roleOfFunction(template, Backfill.HANDLER))).contains(
                Map.of("Sid", "DecryptSourceItems", "Action", "kms:Decrypt", "Effect", "Allow", "Resource", KMS_KEY));
    }

    @Test
    void backfillPolicy_threeTables_scanEveryGivenTableByArnOnly() {
        List<String> arns = TABLES.stream().map(t -> "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/" + t).toList();
        assertThat(statementsOfRole(template, roleOfFunction(template, Backfill.HANDLER))).contains(
                Map.of("Sid", "ScanSourceTables", "Action", List.of("dynamodb:DescribeTable", "dynamodb:Scan"),
                        "Effect", "Allow", "Resource", arns));
    }

    @SuppressWarnings("unchecked")
    private String roleOf(String functionLogicalId) {
        Map<String, Object> function = template.toJSON().get("Resources") instanceof Map<?, ?> m
                ? (Map<String, Object>) ((Map<String, Object>) m).get(functionLogicalId) : Map.of();
        Map<String, Object> role = (Map<String, Object>) ((Map<String, Object>) function.get("Properties")).get("Role");
        return (String) ((List<Object>) role.get("Fn::GetAtt")).get(0);
    }

    @Test
    void vpc_workerAndPurgeInGivenSubnetsWithOwnAndGivenGroups_forwardersAndBackfillOutside() {
        Capture groups = new Capture();
        for (String handler : List.of(Worker.HANDLER, Worker.PURGE_HANDLER)) {
            template.hasResourceProperties(FUNCTION, Map.of("Handler", handler, "VpcConfig", Map.of(
                    "SubnetIds", List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"),
                    "SecurityGroupIds", groups)));
        }
        assertThat(groups.asArray()).hasSize(2).contains("sg-0123456789abcdef0");
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Forwarder.HANDLER, "VpcConfig", Match.absent()));
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Backfill.HANDLER, "VpcConfig", Match.absent()));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "VpcId", "vpc-0123456789abcdef0",
                "SecurityGroupEgress", List.of(Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp",
                        "FromPort", 443, "ToPort", 443, "Description", Match.anyValue()))));
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway", "VpcId", "vpc-0123456789abcdef0",
                "RouteTableIds", List.of("rtb-0123456789abcdef0")));
    }

    @Test
    void vpcRoles_noManagedPolicy_networkInterfaceActionsInTheRolesOwnPolicy() {
        String role = roleOfFunction(template, Worker.HANDLER);
        template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent(),
                "Description", Match.stringLikeRegexp("ddbsync index-worker.*")));
        assertThat(propertiesOf(template, role).get("Policies")).asList().hasSize(1).first().asString()
                .contains("Sid=VpcNetworkInterfaces", "Resource=*");
        assertThat(statementsOfRole(template, role)).noneMatch(s -> "VpcNetworkInterfaces".equals(s.get("Sid")));
    }

    @Test
    void alarms_perTableAndDedicatedMasters() {
        for (String table : TABLES) {
            template.hasResourceProperties(ALARM, Map.of("AlarmName", "shop-search-RecordsFailed-" + table,
                    "Dimensions", List.of(Map.of("Name", "Service", "Value", WorkerMetricNames.SERVICE),
                            Map.of("Name", "Table", "Value", table))));
            template.hasResourceProperties(ALARM, Map.of("AlarmName", "shop-search-IteratorAgeHigh-" + table,
                    "MetricName", "IteratorAge"));
            template.hasResourceProperties(ALARM, Map.of("AlarmName", "shop-search-FieldsQuarantined-" + table,
                    "MetricName", WorkerMetricNames.QUARANTINED_FIELDS, "Threshold", 1,
                    "Dimensions", List.of(Map.of("Name", "Service", "Value", WorkerMetricNames.SERVICE),
                            Map.of("Name", "Table", "Value", table))));
        }
        for (String metric : List.of("MasterCPUUtilization", "MasterJVMMemoryPressure", "MasterOldGenJVMMemoryPressure",
                "ClusterStatus.yellow")) {
            template.hasResourceProperties(ALARM, Map.of("Namespace", "AWS/ES", "MetricName", metric,
                    "Dimensions", List.of(Map.of("Name", "ClientId", "Value", ACCOUNT),
                            Map.of("Name", "DomainName", "Value", "search-prod"))));
        }
        template.hasResourceProperties(ALARM, Map.of("MetricName", "FreeStorageSpace", "Threshold", 25_600));
    }

    @Test
    void dashboard_rowPerTable() {
        Capture body = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of(
                "DashboardName", "shop-search-dashboard", "DashboardBody", body));
        String text = flatten(body.asObject());
        for (String table : TABLES) {
            assertThat(text).contains("\"title\":\"" + table + ": documents\"",
                    "\"Table\",\"" + table + "\"");
        }
    }

    @Test
    void cdkNag_allPacks_noUnsuppressedFinding() {
        assertNoUnsuppressedNagFinding(stack);
    }

    // ---- contract with the Lambda modules ----

    @SuppressWarnings("unchecked")
    private Map<String, Object> variablesOf(String handler, int which) {
        List<Map<String, Object>> functions = new ArrayList<>();
        template.findResources(FUNCTION, Map.of("Properties", Match.objectLike(Map.of("Handler", handler))))
                .values().forEach(f -> functions.add((Map<String, Object>) f.get("Properties")));
        return (Map<String, Object>) ((Map<String, Object>) functions.get(which).get("Environment")).get("Variables");
    }

    /** The environment as Lambda would see it: tokens resolved to plausible values, AWS_REGION added. */
    private static Map<String, String> resolved(Map<String, Object> variables) {
        Map<String, String> env = new HashMap<>();
        variables.forEach((k, v) -> env.put(k, v instanceof String s ? s
                : k.endsWith("_URL") ? "https://sqs.eu-west-1.amazonaws.com/" + ACCOUNT + "/shop-search-changes"
                // a bucket name as CloudFormation generates it: the stack and construct path, lower-cased
                : k.equals(EnvNames.BACKFILL_BUCKET) ? "shop-search-backfillexportbucket4c8e1a2f-1a2b3c4d5e6f"
                : "shop-search-IdempotencyTable"));
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @Test
    void contract_forwarderEnvironment_parsedByForwarderConfig() {
        for (int i = 0; i < TABLES.size(); i++) {
            ForwarderConfig config = ForwarderConfig.fromEnv(resolved(variablesOf(Forwarder.HANDLER, i)));
            assertThat(config.maxMessageBytes()).isEqualTo(1_048_576);
        }
    }

    @Test
    void contract_backfillEnvironment_parsedByBackfillConfig() {
        Map<String, Object> variables = variablesOf(Backfill.HANDLER, 0);
        assertThat(variables).containsOnlyKeys(BackfillConfig.CHANGE_QUEUE_URL, BackfillConfig.MAX_MESSAGE_BYTES,
                BackfillConfig.BACKFILL_QUEUE_URL, BackfillConfig.BACKFILL_BUCKET, EnvNames.POWERTOOLS_SERVICE_NAME);
        BackfillConfig config = BackfillConfig.fromEnv(resolved(variables));
        assertThat(config.maxMessageBytes()).isEqualTo(1_048_576);
        assertThat(config.backfillBucket()).isEqualTo("shop-search-backfillexportbucket4c8e1a2f-1a2b3c4d5e6f");
        assertThat(config.region()).isEqualTo("eu-west-1");
        // the two queues are different references in the template: continuations never go to the change queue
        assertThat(variables.get(BackfillConfig.BACKFILL_QUEUE_URL)).isNotEqualTo(variables.get(BackfillConfig.CHANGE_QUEUE_URL));
    }

    @Test
    void contract_workerAndPurgeEnvironment_parsedByWorkerConfig() {
        for (String handler : List.of(Worker.HANDLER, Worker.PURGE_HANDLER)) {
            WorkerConfig config = WorkerConfig.fromEnv(resolved(variablesOf(handler, 0)));
            assertThat(config.indexMap()).containsEntry("Orders", "orders").containsEntry("Customers", "people")
                    .containsEntry("Products", "products");
            assertThat(config.opensearchEndpoint().getHost()).isEqualTo("vpc-search-prod-abc123.eu-west-1.es.amazonaws.com");
            assertThat(config.auth()).isEqualTo(SearchTargetConfig.Auth.SIGV4);
        }
        assertThat(WorkerConfig.fromEnv(resolved(variablesOf(Worker.HANDLER, 0))).idempotencyTable()).isPresent();
        WorkerConfig worker = WorkerConfig.fromEnv(resolved(variablesOf(Worker.HANDLER, 0)));
        assertThat(worker.quarantineFor("Customers")).isEqualTo(WorkerConfig.Quarantine.OFF);
        assertThat(worker.quarantineFor("Orders")).isEqualTo(WorkerConfig.Quarantine.ON);
    }

    @Test
    void contract_handlers_resolveInTheBuiltJars() throws Exception {
        Map<String, String> jarOf = Map.of(Forwarder.HANDLER, stack.settings().forwarderJar(),
                Worker.HANDLER, stack.settings().workerJar(), Worker.PURGE_HANDLER, stack.settings().workerJar(),
                Backfill.HANDLER, stack.settings().backfillJar());
        for (Map.Entry<String, String> e : jarOf.entrySet()) {
            String[] parts = e.getKey().split("::");
            URL jar = Path.of(e.getValue()).toUri().toURL();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(parts[0], false, loader);
                assertThat(handler.getClassLoader()).as(e.getKey()).isSameAs(loader);
                assertThat(List.of(handler.getMethods()).stream().map(Method::getName)).as(e.getKey()).contains(parts[1]);
                assertThat(handler.getConstructor()).as("no-argument constructor of %s", parts[0]).isNotNull();
            }
        }
    }

    @Test
    void contract_customMetrics_everyAlarmAndWidgetMetricIsEmittedByItsService() {
        Set<String> forwarder = Set.copyOf(ForwarderMetricNames.ALL);
        Set<String> worker = new HashSet<>(WorkerMetricNames.COUNTERS);
        worker.addAll(WorkerMetricNames.TIMINGS);
        String body = flatten(template.findResources("AWS::CloudWatch::Dashboard").values().iterator().next()
                .get("Properties") instanceof Map<?, ?> p ? ((Map<?, ?>) p).get("DashboardBody") : "");
        Matcher m = Pattern.compile("\\[\"" + MetricDimensions.NAMESPACE + "\",\"([A-Za-z]+)\",\"" + MetricDimensions.SERVICE
                + "\",\"([a-z-]+)\"").matcher(body);
        int seen = 0;
        while (m.find()) {
            seen++;
            Set<String> emitted = m.group(2).equals(ForwarderMetricNames.SERVICE) ? forwarder : worker;
            assertThat(emitted).as("%s of %s", m.group(1), m.group(2)).contains(m.group(1));
        }
        assertThat(seen).isGreaterThan(10);
        template.findResources(ALARM, Map.of("Properties", Match.objectLike(Map.of("Namespace", MetricDimensions.NAMESPACE))))
                .values().forEach(a -> assertThat(worker).contains((String) ((Map<?, ?>) a.get("Properties")).get("MetricName")));
    }

    @Test
    void cfnLint_synthesizedTemplate_noUnsuppressedFinding() {
        CfnLint.assertNoUnsuppressedFinding(stack, template, "three-tables-vpc");
    }
}
