package io.ddbsync.infra;

import static io.ddbsync.infra.TemplateSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.infra.constructs.Worker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * An existing table and an existing OpenSearch Serverless collection ({@code openSearchSigningService=aoss}): the
 * worker and the purge sign as {@code aoss} and reach the collection through {@code aoss:APIAccessAll}, with no
 * domain-path grants and no domain alarms. One synthesis for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdbSyncStackServerlessTest {

    private static final String STREAM_ARN =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Posts/stream/2026-11-24T00:00:00.000";
    private static final String COLLECTION_ARN = "arn:aws:aoss:eu-west-1:123456789012:collection/a1b2c3d4e5f6g7h8i9j0";
    private static final String ENDPOINT = "a1b2c3d4e5f6g7h8i9j0.eu-west-1.aoss.amazonaws.com";

    private DdbSyncStack stack;
    private Template template;

    @BeforeAll
    void synthesize() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stackName", "serverless-sync");
        context.put("tableName", "Posts");
        context.put("tableStreamArn", STREAM_ARN);
        context.put("openSearchEndpoint", ENDPOINT);
        context.put("openSearchDomainArn", COLLECTION_ARN);
        context.put("openSearchSigningService", "aoss");
        App app = App.Builder.create().context(context).build();
        stack = DdbSyncApp.createStack(app);
        template = Template.fromStack(stack);
    }

    @Test
    void workerAndPurge_aoss_signingServiceInTheirEnvironment() {
        for (String handler : List.of(Worker.HANDLER, Worker.PURGE_HANDLER)) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "OPENSEARCH_ENDPOINT", "https://" + ENDPOINT,
                            "OPENSEARCH_AUTH", "sigv4",
                            "OPENSEARCH_SIGNING_SERVICE", "aoss")))));
        }
    }

    @Test
    void workerAndPurgePolicies_aoss_collectionAccessOnlyNoDomainPaths() {
        for (String handler : List.of(Worker.HANDLER, Worker.PURGE_HANDLER)) {
            List<Map<String, Object>> statements = statementsOfRole(template, roleOfFunction(template, handler));
            assertThat(statements).anySatisfy(s -> {
                assertThat(s.get("Action")).isEqualTo("aoss:APIAccessAll");
                assertThat(s.get("Resource")).isEqualTo(COLLECTION_ARN);
            });
            assertThat(flatten(statements)).doesNotContain("es:ESHttp");
        }
    }

    @Test
    void alarms_serverless_noDomainAlarms() {
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Match.objectLike(Map.of("Namespace", "AWS/ES"))))).isEmpty();
        assertThat(template.findResources("AWS::CloudWatch::Alarm")).isNotEmpty();
    }

    @Test
    void nag_serverless_noUnsuppressedFinding() {
        assertNoUnsuppressedNagFinding(stack);
    }

    @Test
    void cfnLint_synthesizedTemplate_noUnsuppressedFinding() {
        CfnLint.assertNoUnsuppressedFinding(stack, template, "serverless");
    }
}
