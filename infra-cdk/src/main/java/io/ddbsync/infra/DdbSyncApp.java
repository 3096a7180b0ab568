package io.ddbsync.infra;

import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one {@link DdbSyncStack}, configured from CDK context (see README), checked by
 * cdk-nag's AwsSolutions rules on every synth.
 */
public final class DdbSyncApp {

    public static final String STACK_ID = "DdbSyncStack";
    /** Context key for the stack name (default {@value #STACK_ID}). */
    public static final String STACK_NAME_KEY = "stackName";

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

    /** Reads and validates the context of {@code app}, adds the stack and the cdk-nag checks. */
    public static DdbSyncStack createStack(App app) {
        DdbSyncSettings settings = DdbSyncSettings.fromContext(app.getNode()::tryGetContext);
        Object name = app.getNode().tryGetContext(STACK_NAME_KEY);
        DdbSyncStack stack = new DdbSyncStack(app, STACK_ID, StackProps.builder()
                .stackName(name == null ? STACK_ID : name.toString())
                .description("ddbsync: DynamoDB stream → SQS → OpenSearch indexing pipeline")
                .build(), settings);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
