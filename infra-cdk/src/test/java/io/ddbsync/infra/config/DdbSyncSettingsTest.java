package io.ddbsync.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.model.config.WorkerConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DdbSyncSettingsTest {

    private static final String STREAM_ARN =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Posts/stream/2026-11-24T00:00:00.000";

    private static DdbSyncSettings read(Object... keysAndValues) {
        Map<String, Object> context = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return DdbSyncSettings.fromContext(context::get);
    }

    private static void rejected(String key, String messagePart, Object... keysAndValues) {
        assertThatThrownBy(() -> read(keysAndValues))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo(key));
    }

    @Test
    void fromContext_empty_demoTableNewDomainAndDefaults() {
        DdbSyncSettings settings = read();
        assertThat(settings.tables()).containsExactly(SourceTable.demo("ddbsync-demo", "NEW_IMAGE", "ddbsync-demo", "delete"));
        assertThat(settings.stackName()).isEqualTo("ddbsync-demo");
        assertThat(settings.vpc().inVpc()).isFalse();
        assertThat(settings.domain().isExisting()).isFalse();
        assertThat(settings.domain().instanceType()).isEqualTo("t3.small.search");
        assertThat(settings.indexMap()).containsExactly(Map.entry("ddbsync-demo", "ddbsync-demo"));
        assertThat(settings.alarmEmail()).isEmpty();
        Tuning t = settings.tuning();
        assertThat(t.maxMessageBytes()).isEqualTo(1_048_576);
        assertThat(t.maxReceiveCount()).isEqualTo(5);
        assertThat(t.forwarderRetryAttempts()).isEqualTo(10);
        assertThat(t.forwarderMaxRecordAgeSeconds()).isEqualTo(6 * 3600);
        assertThat(t.workerMaxConcurrency()).isEqualTo(5);
        assertThat(t.tombstoneRetentionDays()).isEqualTo(15);
        assertThat(t.snapStart()).isTrue();
        assertThat(settings.streamFailures()).isEqualTo(new StreamFailureSettings(StreamFailureSettings.Destination.S3, 30));
        assertThat(settings.backfill()).isEqualTo(new BackfillSettings(120, 7, 2, 1024));
        assertThat(settings.backfillJar()).isEqualTo("target/lambda/backfill-worker.jar");
    }

    @Test
    void fromContext_streamFailureDestination_s3OrSqsInAnyCaseWithTheirRetention() {
        assertThat(read("streamFailureDestination", "SQS").streamFailures().destination())
                .isEqualTo(StreamFailureSettings.Destination.SQS);
        assertThat(read("streamFailureDestination", "s3", "failureRecordRetentionDays", "90").streamFailures())
                .isEqualTo(new StreamFailureSettings(StreamFailureSettings.Destination.S3, 90));
        assertThat(read("backfillTimeoutSeconds", 600, "exportRetentionDays", "1", "backfillMaxConcurrency", "1000",
                "backfillMemoryMb", 2048).backfill())
                .isEqualTo(new BackfillSettings(600, 1, 1000, 2048));
    }

    @Test
    void fromContext_badStreamFailureSettings_rejectedNamingTheKey() {
        rejected("streamFailureDestination", "must be s3", "streamFailureDestination", "sns");
        rejected("failureRecordRetentionDays", "no failure bucket", "streamFailureDestination", "sqs",
                "failureRecordRetentionDays", 30);
        rejected("failureRecordRetentionDays", "between 2 and 3650", "failureRecordRetentionDays", 1);
        rejected("backfillTimeoutSeconds", "between 10 and 900", "backfillTimeoutSeconds", 901);
        rejected("exportRetentionDays", "between 1 and 3650", "exportRetentionDays", 0);
        // Lambda takes 2..1000 as an SQS event source mapping's MaximumConcurrency
        rejected("backfillMaxConcurrency", "between 2 and 1000", "backfillMaxConcurrency", 1);
        rejected("backfillMaxConcurrency", "between 2 and 1000", "backfillMaxConcurrency", 1001);
        rejected("backfillMemoryMb", "between 128 and 10240", "backfillMemoryMb", 64);
    }

    @Test
    void fromContext_existingTableAndDomain_parsedAndEndpointNormalised() {
        DdbSyncSettings settings = read("stackName", "posts-sync", "tableName", "Posts", "tableStreamArn", STREAM_ARN,
                "openSearchEndpoint", "https://search-x.eu-west-1.es.amazonaws.com/",
                "openSearchDomainArn", "arn:aws:es:eu-west-1:123456789012:domain/search-x",
                "indexMap", "Posts=posts", "alarmEmail", "ops@example.com", "workerBatchSize", "100",
                "snapStart", "false");
        assertThat(settings.tables()).containsExactly(
                SourceTable.existing("Posts", STREAM_ARN, "posts", Optional.empty(), Optional.empty(), "delete"));
        assertThat(settings.tables().get(0).tableArn()).contains("arn:aws:dynamodb:eu-west-1:123456789012:table/Posts");
        assertThat(settings.domain().endpoint()).contains("https://search-x.eu-west-1.es.amazonaws.com");
        assertThat(settings.indexMap()).containsExactly(Map.entry("Posts", "posts"));
        assertThat(settings.alarmEmail()).isEqualTo(Optional.of("ops@example.com"));
        assertThat(settings.tuning().workerBatchSize()).isEqualTo(100);
        assertThat(settings.tuning().snapStart()).isFalse();
    }

    @Test
    void fromContext_tableWithoutStreamArn_explainsStreamMustBeEnabled() {
        rejected("tableStreamArn", "stream must be enabled", "tableName", "Posts");
    }

    @Test
    void fromContext_streamArnOfAnotherTable_rejected() {
        rejected("tableStreamArn", "belongs to table 'Posts', not to 'Orders'",
                "tableName", "Orders", "tableStreamArn", STREAM_ARN);
    }

    @Test
    void fromContext_malformedStreamArn_rejected() {
        rejected("tableStreamArn", "is not a DynamoDB stream ARN",
                "tableName", "Posts", "tableStreamArn", "arn:aws:dynamodb:eu-west-1:123456789012:table/Posts");
    }

    @Test
    void fromContext_streamArnWithoutTable_rejected() {
        rejected("tableName", "is required when tableStreamArn is given", "tableStreamArn", STREAM_ARN);
    }

    @Test
    void fromContext_demoAndExistingTable_rejected() {
        rejected("demoTableName", "cannot be combined with tableName",
                "tableName", "Posts", "tableStreamArn", STREAM_ARN, "demoTableName", "demo");
    }

    @Test
    void fromContext_demoStreamWithoutNewImage_rejected() {
        rejected("demoStreamView", "NEW_IMAGE or NEW_AND_OLD_IMAGES", "demoStreamView", "KEYS_ONLY");
    }

    @Test
    void fromContext_endpointWithoutDomainArn_rejected() {
        rejected("openSearchDomainArn", "give both openSearchEndpoint and openSearchDomainArn",
                "openSearchEndpoint", "search-x.eu-west-1.es.amazonaws.com");
    }

    @Test
    void fromContext_plainHttpEndpoint_rejected() {
        rejected("openSearchEndpoint", "must use https", "openSearchEndpoint", "http://search-x.es.amazonaws.com",
                "openSearchDomainArn", "arn:aws:es:eu-west-1:123456789012:domain/search-x");
    }

    @Test
    void fromContext_endpointWithPath_rejected() {
        rejected("openSearchEndpoint", "without a path", "openSearchEndpoint", "https://search-x.es.amazonaws.com/idx",
                "openSearchDomainArn", "arn:aws:es:eu-west-1:123456789012:domain/search-x");
    }

    @Test
    void fromContext_malformedDomainArn_rejected() {
        rejected("openSearchDomainArn", "is not an OpenSearch domain ARN",
                "openSearchEndpoint", "search-x.es.amazonaws.com", "openSearchDomainArn", "search-x");
    }

    @Test
    void fromContext_indexMapEntryWithoutIndex_rejected() {
        rejected("indexMap", "bad entry 'ddbsync-demo='", "indexMap", "ddbsync-demo=");
    }

    @Test
    void fromContext_indexMapOtherTable_rejected() {
        rejected("indexMap", "names table 'Orders', but this stack streams only table 'ddbsync-demo'",
                "indexMap", "Orders=orders");
    }

    @Test
    void fromContext_indexMapUpperCaseIndex_rejected() {
        rejected("indexMap", "is not a valid OpenSearch index name", "indexMap", "ddbsync-demo=Posts");
    }

    @Test
    void fromContext_badEmail_rejected() {
        rejected("alarmEmail", "is not an e-mail address", "alarmEmail", "ops-at-example.com");
    }

    @Test
    void fromContext_nonNumericTuning_rejected() {
        rejected("forwarderBatchSize", "must be a whole number, got 'many'", "forwarderBatchSize", "many");
    }

    @Test
    void fromContext_parallelizationFactorOutOfRange_rejected() {
        rejected("parallelizationFactor", "must be between 1 and 10, got 11", "parallelizationFactor", 11);
    }

    @Test
    void fromContext_workerConcurrencyBelowLambdaMinimum_rejected() {
        rejected("workerMaxConcurrency", "must be between 2 and 1000, got 1", "workerMaxConcurrency", 1);
    }

    @Test
    void fromContext_messageSizeAboveSqsLimit_rejected() {
        rejected("maxMessageBytes", "must be between 1536 and 1048576", "maxMessageBytes", 2_000_000);
        rejected("maxMessageBytes", "must be between 1536 and 1048576", "maxMessageBytes", 1_535);
    }

    @Test
    void fromContext_maxReceiveCountBelowFive_rejected() {
        rejected("maxReceiveCount", "must be between 5 and 1000, got 3", "maxReceiveCount", 3);
    }

    @Test
    void fromContext_largeWorkerBatchWithoutWindow_rejected() {
        rejected("workerBatchingWindowSeconds", "must be at least 1 when workerBatchSize is above 10",
                "workerBatchSize", 20, "workerBatchingWindowSeconds", 0);
    }

    @Test
    void fromContext_tombstoneRetentionNotBeyondDlq_rejected() {
        rejected("tombstoneRetentionDays", "more than the dead-letter queue's 14 days", "tombstoneRetentionDays", 14);
    }

    @Test
    void fromContext_unknownTtlDeletes_rejected() {
        rejected("ttlDeletes", "must be delete or keep", "ttlDeletes", "drop");
    }

    @Test
    void fromContext_unknownQuarantine_rejected() {
        rejected("quarantine", "must be on or off", "quarantine", "maybe");
    }

    @Test
    void fromContext_tablesWithDifferentQuarantine_workerGetsTheSwitchOfEachTable() {
        DdbSyncSettings settings = read("stackName", "s", "quarantine", "off", "tables",
                "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/x\",\"quarantine\":\"on\"},"
                        + "{\"name\":\"Users\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Users/stream/y\"}]");

        assertThat(settings.quarantine()).isEqualTo("Orders=on,Users=off");
        WorkerConfig worker = WorkerConfig.fromEnv(Map.of("OPENSEARCH_ENDPOINT", "https://x", "AWS_REGION", "eu-west-1",
                "QUARANTINE", settings.quarantine()));
        assertThat(worker.quarantineFor("Orders")).isEqualTo(WorkerConfig.Quarantine.ON);
        assertThat(worker.quarantineFor("Users")).isEqualTo(WorkerConfig.Quarantine.OFF);
    }

    @Test
    void fromContext_badBoolean_rejected() {
        rejected("snapStart", "must be true or false", "snapStart", "yes");
    }

    @Test
    void fromContext_missingLambdaJar_namesKeyAndBuildStep() {
        rejected("workerJar", "run 'mvn package'", "workerJar", "target/lambda/missing.jar");
        rejected("backfillJar", "run 'mvn package'", "backfillJar", "target/lambda/missing.jar");
    }

    private static final String TABLES = "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000\"},"
            + "{\"name\":\"Customers\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Customers/stream/2026-01-01T00:00:00.000\","
            + "\"index\":\"people\",\"template\":{\"settings\":{\"number_of_shards\":2}}}]";
    private static final String DOMAIN_ARN = "arn:aws:es:eu-west-1:123456789012:domain/search-x";
    private static final String ENDPOINT = "vpc-search-x.eu-west-1.es.amazonaws.com";

    @Test
    void fromContext_tablesJson_eachTableWithIndexAndTemplate() {
        DdbSyncSettings settings = read("stackName", "shop-search", "tables", TABLES,
                "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN);
        assertThat(settings.indexMap()).containsExactly(Map.entry("Orders", "orders"), Map.entry("Customers", "people"));
        assertThat(settings.indexTemplates()).containsExactly(Map.entry("people", "{\"settings\":{\"number_of_shards\":2}}"));
        assertThat(settings.stackName()).isEqualTo("shop-search");
    }

    @Test
    void fromContext_textAnalysis_perTableAndShorthand_oneEntryPerIndexThatAsks() {
        String tables = "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/x\","
                + "\"textAnalysis\":\"korean\"},"
                + "{\"name\":\"Customers\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Customers/stream/x\","
                + "\"index\":\"people\",\"textAnalysis\":\"cjk\"},"
                + "{\"name\":\"Products\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Products/stream/x\"}]";
        DdbSyncSettings settings = read("stackName", "s", "tables", tables, "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN);

        assertThat(settings.textAnalysis()).isEqualTo("orders=korean,people=cjk");
        assertThat(settings.templateEnvironment()).containsExactly(Map.entry("TEXT_ANALYSIS", "orders=korean,people=cjk"));
        assertThat(read("textAnalysis", "Korean").templateEnvironment())
                .containsEntry("TEXT_ANALYSIS", "ddbsync-demo=korean")
                .containsKey("INDEX_TEMPLATES");
        assertThat(read().textAnalysis()).isEmpty();
    }

    @Test
    void fromContext_unknownTextAnalysis_namesKeyAndTheChoices() {
        rejected("textAnalysis", "one of standard, cjk, korean", "textAnalysis", "nori");
        rejected("tables[0].textAnalysis", "unknown text analysis 'seunjeon'", "stackName", "s", "openSearchEndpoint", ENDPOINT,
                "openSearchDomainArn", DOMAIN_ARN, "tables",
                "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/x\","
                        + "\"textAnalysis\":\"seunjeon\"}]");
    }

    @Test
    void fromContext_tableShaping_oneDefinitionForTheWorker() {
        String tables = "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/x\","
                + "\"shaping\":[{\"rename\":{\"from\":\"title\",\"to\":\"headline\"}}]},"
                + "{\"name\":\"Customers\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Customers/stream/x\"}]";
        DdbSyncSettings settings = read("stackName", "s", "tables", tables, "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN);

        assertThat(settings.shaping().tables()).containsExactly("Orders");
        assertThat(settings.shaping().toJson().toString()).isEqualTo("{\"Orders\":[{\"rename\":{\"from\":\"title\",\"to\":\"headline\"}}]}");
    }

    @Test
    void fromContext_malformedShaping_rejectedNamingTheTableEntry() {
        String tables = "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/x\","
                + "\"shaping\":[{\"upper\":{\"field\":\"title\"}}]}]";
        rejected("tables[0].shaping", "unknown step 'upper'", "stackName", "s", "tables", tables,
                "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN);
    }

    @Test
    void fromContext_shapingWritingTheMetadataField_rejected() {
        rejected("shaping", "ddbsync keeps its metadata in", "shaping", "[{\"copy_to\":{\"from\":\"a\",\"to\":\"ddbsync\"}}]");
    }

    @Test
    void fromContext_signingServiceDefault_es() {
        assertThat(read("openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN, "stackName", "s", "tables", TABLES)
                .domain().signingService()).isEqualTo(io.ddbsync.model.config.SearchTargetConfig.SigningService.ES);
    }

    @Test
    void fromContext_aossWithCollection_serverlessTarget() {
        DdbSyncSettings settings = read("stackName", "s", "tables", TABLES, "openSearchSigningService", "aoss",
                "openSearchEndpoint", "abc123def.eu-west-1.aoss.amazonaws.com",
                "openSearchDomainArn", "arn:aws:aoss:eu-west-1:123456789012:collection/abc123def");
        assertThat(settings.domain().isServerless()).isTrue();
        assertThat(settings.domain().endpoint()).contains("https://abc123def.eu-west-1.aoss.amazonaws.com");
    }

    @Test
    void fromContext_aossWithNewDomain_rejected() {
        rejected("openSearchSigningService", "existing OpenSearch Serverless collection", "openSearchSigningService", "aoss");
    }

    @Test
    void fromContext_aossWithDomainArn_rejected() {
        rejected("openSearchDomainArn", "collection ARN", "stackName", "s", "tables", TABLES, "openSearchSigningService", "aoss",
                "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN);
    }

    @Test
    void fromContext_unknownSigningService_rejected() {
        rejected("openSearchSigningService", "es (an OpenSearch Service domain) or aoss", "openSearchSigningService", "opensearch");
    }

    @Test
    void fromContext_existingTablesWithoutStackName_requiresStackName() {
        rejected("stackName", "is required with existing tables", "tables", TABLES,
                "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN);
    }

    @Test
    void fromContext_tablesWithTableName_rejected() {
        rejected("tables", "cannot be combined with tableName", "stackName", "s", "tables", TABLES, "tableName", "Posts");
    }

    @Test
    void fromContext_tablesWithDifferentTtlPolicies_workerGetsThePolicyOfEachTable() {
        DdbSyncSettings settings = read("stackName", "s", "tables",
                "[{\"name\":\"Orders\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/x\",\"ttlDeletes\":\"keep\"},"
                        + "{\"name\":\"Users\",\"streamArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/Users/stream/y\"}]");

        assertThat(settings.tuning().ttlDeletes()).isEqualTo("Orders=keep,Users=delete");
        Map<String, String> env = Map.of("OPENSEARCH_ENDPOINT", "https://x", "AWS_REGION", "eu-west-1",
                "TTL_DELETES", settings.tuning().ttlDeletes());
        WorkerConfig worker = WorkerConfig.fromEnv(env);
        assertThat(worker.ttlDeletesFor("Orders")).isEqualTo(WorkerConfig.TtlDeletes.KEEP);
        assertThat(worker.ttlDeletesFor("Users")).isEqualTo(WorkerConfig.TtlDeletes.DELETE);
    }


    @Test
    void fromContext_unknownTableField_rejected() {
        rejected("tables[0].stream", "is not a table setting", "stackName", "s", "tables", "[{\"name\":\"Orders\",\"stream\":\"x\"}]");
    }

    @Test
    void fromContext_vpcWithoutSubnets_rejected() {
        rejected("vpcSubnetIds", "is required with vpcId", "stackName", "s", "tables", TABLES,
                "openSearchEndpoint", ENDPOINT, "openSearchDomainArn", DOMAIN_ARN, "vpcId", "vpc-0123456789abcdef0");
    }

    @Test
    void fromContext_workerPollers_provisionedModeWithAwsDefaultsForTheOtherBound() {
        assertThat(read().tuning().workerProvisionedPollers()).isEmpty();
        assertThat(read("workerMinimumPollers", "4", "workerMaximumPollers", "40").tuning().workerProvisionedPollers())
                .contains(new ProvisionedPollers(4, 40));
        assertThat(read("workerMaximumPollers", 50).tuning().workerProvisionedPollers())
                .contains(new ProvisionedPollers(2, 50));
        assertThat(read("workerMinimumPollers", 10).tuning().workerProvisionedPollers())
                .contains(new ProvisionedPollers(10, 200));
    }

    @Test
    void fromContext_workerPollersWithMaxConcurrency_rejectedAsMutuallyExclusive() {
        rejected("workerMaxConcurrency", "mutually exclusive", "workerMaximumPollers", "20", "workerMaxConcurrency", "10");
    }

    @Test
    void fromContext_workerPollersOutOfRange_rejectedNamingTheKey() {
        rejected("workerMinimumPollers", "between 2 and 200", "workerMinimumPollers", "1");
        rejected("workerMaximumPollers", "between 2 and 2000", "workerMaximumPollers", "2001");
        rejected("workerMinimumPollers", "must not exceed workerMaximumPollers", "workerMinimumPollers", "30",
                "workerMaximumPollers", "20");
    }

    @Test
    void fromContext_bastionWithDemoVpc_inTheNewVpcSettings() {
        assertThat(read("demoVpc", "true", "bastion", "true").vpc()).isEqualTo(VpcSettings.newVpc(true));
        assertThat(read("demoVpc", "true").vpc().bastion()).isFalse();
    }

    @Test
    void fromContext_bastionWithoutDemoVpc_rejectedNamingTheOtherPath() {
        rejected("bastion", "port-forward through any instance there", "bastion", "true");
        rejected("bastion", "demoVpc=true", "bastion", "true", "stackName", "s", "tableName", "Posts",
                "tableStreamArn", STREAM_ARN, "openSearchEndpoint", "vpc-x.eu-west-1.es.amazonaws.com",
                "openSearchDomainArn", "arn:aws:es:eu-west-1:123456789012:domain/search-x", "vpcId", "vpc-0123456789abcdef0",
                "vpcSubnetIds", "subnet-0123456789abcdef0");
    }

    @Test
    void fromContext_vpcIdWithNewDomain_pointsToDemoVpc() {
        rejected("vpcId", "demoVpc=true", "vpcId", "vpc-0123456789abcdef0", "vpcSubnetIds", "subnet-0123456789abcdef0");
    }

    @Test
    void fromContext_existingVpc_subnetsGroupsAndRouteTablesParsed() {
        DdbSyncSettings settings = read("stackName", "s", "tables", TABLES, "openSearchEndpoint", ENDPOINT,
                "openSearchDomainArn", DOMAIN_ARN, "vpcId", "vpc-0123456789abcdef0",
                "vpcSubnetIds", "subnet-0123456789abcdef0, subnet-0fedcba9876543210",
                "vpcRouteTableIds", "rtb-0123456789abcdef0");
        assertThat(settings.vpc()).isEqualTo(VpcSettings.existing("vpc-0123456789abcdef0",
                List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"), List.of(), List.of("rtb-0123456789abcdef0")));
    }

    @Test
    void fromContext_maxRecordAgeAboveStreamRetention_rejected() {
        rejected("forwarderMaxRecordAgeSeconds", "between 60 and 86400", "forwarderMaxRecordAgeSeconds", "90000");
    }
}
