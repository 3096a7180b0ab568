package io.ddbsync.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.IConstruct;

/**
 * The cdk-nag AwsSolutions findings this stack accepts, each with its reason. Everything else must
 * pass (the tests fail on any unsuppressed finding).
 */
final class NagSuppressionsForStack {

    private NagSuppressionsForStack() {
    }

    static void apply(DdbSyncStack stack) {
        for (Function function : List.of(stack.forwarder().function(), stack.worker().function(),
                stack.worker().purgeFunction())) {
            suppress(function, "AwsSolutions-L1",
                    "java21 is the runtime the handler modules are built and tested for (SnapStart-supported on "
                            + "arm64); moving to a newer Java runtime is a deliberate, tested change", null);
        }
        suppress(stack.forwarder().function().getRole(), "AwsSolutions-IAM5",
                "dynamodb:ListStreams has no resource-level permissions (IAM requires Resource '*'); the stream "
                        + "read actions themselves are limited to the source table's stream ARN", "Resource::*");
        String domainPaths = stack.search().domain().isPresent()
                ? "regex:/^Resource::<Search" + "Domain[0-9A-F]{8}\\.Arn>\\/\\*$/"
                : "Resource::" + stack.search().domainArn() + "/*";
        for (Function function : List.of(stack.worker().function(), stack.worker().purgeFunction())) {
            suppress(function.getRole(), "AwsSolutions-IAM5",
                    "OpenSearch HTTP actions are granted on the domain's paths (<domainArn>/*) only: index, alias, "
                            + "_bulk and _delete_by_query paths are created at run time (versioned physical "
                            + "indices behind aliases), so they cannot be listed ahead", domainPaths);
        }
        suppress(stack.queues().streamFailureQueue(), "AwsSolutions-SQS3",
                "This queue is itself the terminal on-failure destination of the stream event source mapping: it "
                        + "holds batch metadata for 14 days and an alarm fires as soon as it is not empty", null);
        stack.search().domain().ifPresent(domain -> {
            suppress(domain, "AwsSolutions-OS1",
                    "The worker Lambda runs outside a VPC and signs every request (SigV4); the default domain is "
                            + "dev-sized. Production deployments pass an existing (e.g. VPC) domain instead", null);
            suppress(domain, "AwsSolutions-OS3",
                    "Access is controlled by IAM (SigV4-signed requests from this account's principals), not by "
                            + "source IP: Lambda has no fixed addresses", null);
            suppress(domain, "AwsSolutions-OS4",
                    "Dev-sized default (one data node); dedicated master nodes are for production-sized domains, "
                            + "which are passed in as an existing domain", null);
            suppress(domain, "AwsSolutions-OS7",
                    "Dev-sized default (one data node) cannot spread across zones; the index can always be rebuilt "
                            + "from the table by a backfill", null);
        });
    }

    private static void suppress(IConstruct construct, String id, String reason, String appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo != null) {
            if (appliesTo.startsWith("regex:")) {
                suppression.appliesTo(List.of(RegexAppliesTo.builder().regex(appliesTo.substring("regex:".length())).build()));
            } else {
                suppression.appliesTo(List.of(appliesTo));
            }
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}
