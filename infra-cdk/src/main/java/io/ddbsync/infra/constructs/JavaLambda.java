package io.ddbsync.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** How every ddbsync Lambda is built: java21 on arm64, a jar asset, its own log group and role. */
final class JavaLambda {

    /** Alias the event sources invoke, so they always run a published (SnapStart) version. */
    static final String LIVE_ALIAS = "live";

    private JavaLambda() {
    }

    static Function function(Construct scope, String id, String description, String codePath, String handler,
                             int memoryMb, int timeoutSeconds, boolean snapStart, Map<String, String> environment) {
        LogGroup logGroup = LogGroup.Builder.create(scope, id + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Instead of AWSLambdaBasicExecutionRole (logs on every log group): this function's log group only.
        Role role = Role.Builder.create(scope, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("OwnLogGroup")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Function.Builder builder = Function.Builder.create(scope, id)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(codePath))
                .handler(handler)
                .memorySize(memoryMb)
                .timeout(Duration.seconds(timeoutSeconds))
                .environment(environment)
                .role(role)
                .logGroup(logGroup);
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        Function function = builder.build();
        if (snapStart) {
            software.amazon.awscdk.Annotations.of(function).acknowledgeWarning(
                    "@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "event sources invoke the published version through the live alias");
        }
        return function;
    }

    static Alias liveAlias(Construct scope, Function function) {
        return Alias.Builder.create(scope, "LiveAlias")
                .aliasName(LIVE_ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }
}
