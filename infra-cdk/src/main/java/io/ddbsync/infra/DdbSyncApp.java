package io.ddbsync.infra;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one {@link DdbSyncStack}, configured from CDK context (see README), checked by
 * cdk-nag's AwsSolutions, ServerlessChecks and NIST 800-53 rev 5 rules on every synth.
 */
public final class DdbSyncApp {

    private DdbSyncApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            createStack(app);
        } catch (InvalidSettingException e) {
            // A bad deployment input: the message names the context key; a stack trace adds nothing.
            System.err.println("ddbsync: invalid context value " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /**
     * Reads and validates the context of {@code app}, adds the stack and the cdk-nag checks. The
     * stack's construct id is its name, so {@code cdk deploy <stackName>} selects it.
     */
    public static DdbSyncStack createStack(App app) {
        DdbSyncSettings settings = DdbSyncSettings.fromContext(app.getNode()::tryGetContext);
        DdbSyncStack stack = new DdbSyncStack(app, settings.stackName(), StackProps.builder()
                .stackName(settings.stackName())
                .description("ddbsync: DynamoDB streams → SQS → OpenSearch indexing pipeline (" + settings.tables().size()
                        + (settings.tables().size() == 1 ? " table)" : " tables)"))
                .build(), settings);
        NagPackProps verbose = NagPackProps.builder().verbose(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(verbose));
        Aspects.of(app).add(new ServerlessChecks(verbose));
        Aspects.of(app).add(new NIST80053R5Checks(verbose));
        return stack;
    }
}
