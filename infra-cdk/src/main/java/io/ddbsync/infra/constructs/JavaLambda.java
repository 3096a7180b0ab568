package io.ddbsync.infra.constructs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * How every ddbsync Lambda is built: the {@code java25} runtime on arm64 (the jars are compiled for
 * release 17, which Java 25 runs; SnapStart supports it), a jar asset, its own log group and role.
 */
final class JavaLambda {

    /** Alias the event sources invoke, so they always run a published (SnapStart) version. */
    static final String LIVE_ALIAS = "live";
    /** What AWSLambdaVPCAccessExecutionRole grants besides logs: attaching the function to its subnets. */
    static final List<String> VPC_ENI_ACTIONS = List.of("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
            "ec2:UnassignPrivateIpAddresses");

    /**
     * How a function runs: memory, timeout, SnapStart on its published versions, and X-Ray active
     * tracing (Lambda's own segments: initialization or SnapStart restore, invocation).
     */
    record Options(int memoryMb, int timeoutSeconds, boolean snapStart, boolean tracing) {
    }

    private JavaLambda() {
    }

    static Function function(Construct scope, String id, String description, String codePath, String handler,
                             Options options, Map<String, String> environment) {
        return function(scope, id, description, codePath, handler, options, environment, Optional.empty());
    }

    /** As above; with a network, the function runs in its subnets with its security groups. */
    static Function function(Construct scope, String id, String description, String codePath, String handler,
                             Options options, Map<String, String> environment, Optional<Network> network) {
        LogGroup logGroup = LogGroup.Builder.create(scope, id + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Instead of AWSLambdaBasicExecutionRole (logs on every log group): this function's log group only.
        Role.Builder roleBuilder = Role.Builder.create(scope, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description);
        if (network.isPresent()) {
            // Lambda checks these when it creates a VPC function, so they belong to the role itself (the
            // AWS::IAM::Role resource the function names), not to a separate policy resource that IAM may
            // not have propagated yet when the function is created.
            roleBuilder.inlinePolicies(Map.of("VpcNetworkInterfaces", PolicyDocument.Builder.create()
                    .statements(List.of(PolicyStatement.Builder.create()
                            .sid("VpcNetworkInterfaces")
                            .actions(VPC_ENI_ACTIONS)
                            .resources(List.of("*"))
                            .build()))
                    .build()));
        }
        Role role = roleBuilder.build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("OwnLogGroup")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Function.Builder builder = Function.Builder.create(scope, id)
                .description(description)
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(codePath))
                .handler(handler)
                .memorySize(options.memoryMb())
                .timeout(Duration.seconds(options.timeoutSeconds()))
                .environment(environment)
                .role(role)
                .logGroup(logGroup);
        if (options.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (options.tracing()) {
            // CDK also grants the role xray:PutTraceSegments and xray:PutTelemetryRecords.
            builder.tracing(Tracing.ACTIVE);
        }
        network.ifPresent(n -> builder.vpc(n.vpc()).vpcSubnets(n.subnetSelection()).securityGroups(n.securityGroups()));
        Function function = builder.build();
        if (network.isPresent()) {
            // CDK attaches AWSLambdaVPCAccessExecutionRole to a VPC function's role; besides the
            // network-interface actions Lambda needs (the role's own policy above), it allows logs:* on
            // every log group.
            ((CfnRole) role.getNode().getDefaultChild()).addPropertyDeletionOverride("ManagedPolicyArns");
        }
        if (options.snapStart()) {
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

    /**
     * Lets {@code function} read the source tables: {@code actions} on {@code tableArns} (statement {@code sid}), and
     * {@code kms:Decrypt} on the tables' customer-managed keys when there are any (statement {@code DecryptSourceItems}).
     */
    static void allowSourceTableReads(Function function, String sid, List<String> actions, List<String> tableArns,
                                      List<String> kmsKeyArns) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(tableArns)
                .build());
        if (!kmsKeyArns.isEmpty()) {
            function.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("DecryptSourceItems")
                    .actions(List.of("kms:Decrypt"))
                    .resources(kmsKeyArns)
                    .build());
        }
    }
}
