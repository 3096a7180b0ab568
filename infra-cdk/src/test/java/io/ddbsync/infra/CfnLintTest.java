package io.ddbsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The cfn-lint runner itself: a template with a known defect must come back with that finding. */
class CfnLintTest {

    @Test
    void run_queueAboveSqsMessageSizeLimit_reportsTheErrorAtThatProperty() {
        Template template = Template.fromJSON(Map.of("Resources", Map.of("Queue", Map.of(
                "Type", "AWS::SQS::Queue",
                "Properties", Map.of("MaximumMessageSize", 2_000_000)))));

        List<CfnLint.Finding> findings = CfnLint.run(template, "known-defect");

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.rule()).startsWith("E");
            assertThat(f.resource()).isEqualTo("Queue");
            assertThat(f.path()).containsSubsequence("Properties", "MaximumMessageSize");
        });
    }
}
