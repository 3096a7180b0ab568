package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.ops.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ddbsync cost} prices the alarms the configured stack creates (infra-cdk's AlarmPlanTest ties them to the template). */
class CostCommandTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/";

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void cost_noContext_countsTheDemoStacksTwentyOneAlarms() {
        Run run = run("cost", "--changes-per-second", "100");

        assertThat(run.exitCode()).isZero();
        // 8 queue/worker/purge alarms, 5 of the demo table, 8 of its new one-node domain
        assertThat(run.out()).contains("Alarms: 21,")
                // 21 metric names x ([Service] + [Service, Table]) = 42 x $0.30 + 21 x $0.10 + $3 dashboard
                .contains("$17.70 a month (42 metrics, 21 alarms, 1 dashboard)")
                .contains("Custom metrics: 42,");
    }

    @Test
    void cost_threeTablesOnAnExistingDomainWithMasters_countsTheirAlarms() {
        Run run = run("cost", "--changes-per-second", "100",
                "--context", "stackName=shop-search",
                "--context", "tables=[{\"name\":\"Orders\",\"streamArn\":\"" + ARN + "Orders/stream/2026-01-01T00:00:00.000\"},"
                        + "{\"name\":\"Customers\",\"streamArn\":\"" + ARN + "Customers/stream/2026-01-01T00:00:00.000\"},"
                        + "{\"name\":\"Products\",\"streamArn\":\"" + ARN + "Products/stream/2026-01-01T00:00:00.000\"}]",
                "--context", "openSearchEndpoint=search-prod-abc123.eu-west-1.es.amazonaws.com",
                "--context", "openSearchDomainArn=arn:aws:es:eu-west-1:123456789012:domain/search-prod",
                "--context", "openSearchInstanceCount=3",
                "--context", "openSearchVolumeGiB=100",
                "--context", "openSearchDedicatedMasters=true");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // 8 + 3 tables x 5 + 9 domain alarms (yellow, free storage) + 3 of the dedicated masters
        assertThat(run.out()).contains("Alarms: 35,").contains("35 alarms")
                // 21 metric names x (1 + 3 tables)
                .contains("Custom metrics: 84,").contains("84 metrics");
    }

    @Test
    void cost_badContextValue_usageErrorNamingTheKey() {
        Run run = run("cost", "--context", "openSearchInstanceCount=many");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--context openSearchInstanceCount");
    }
}
