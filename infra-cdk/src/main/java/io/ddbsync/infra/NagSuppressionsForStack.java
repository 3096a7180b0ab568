package io.ddbsync.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.ddbsync.infra.constructs.Forwarder;
import software.amazon.awscdk.customresources.AwsCustomResource;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.IConstruct;

/**
 * The cdk-nag findings (AwsSolutions, Serverless, NIST 800-53 rev 5) this stack accepts, each with
 * its reason. Everything else must pass (the tests fail on any unsuppressed finding).
 */
final class NagSuppressionsForStack {

    private NagSuppressionsForStack() {
    }

    static void apply(DdbSyncStack stack) {
        List<Function> functions = new ArrayList<>();
        stack.forwarders().forEach(f -> functions.add(f.function()));
        functions.add(stack.worker().function());
        functions.add(stack.worker().purgeFunction());
        functions.add(stack.backfill().function());
        boolean tracing = stack.settings().tuning().tracing();
        String xray = "xray:PutTraceSegments and xray:PutTelemetryRecords (tracing=true) have no resource-level "
                + "permissions";
        for (Forwarder forwarder : stack.forwarders()) {
            suppress(forwarder.function().getRole(), "AwsSolutions-IAM5",
                    "dynamodb:ListStreams has no resource-level permissions (IAM requires Resource '*'); the stream "
                            + "read actions themselves are limited to this table's stream ARN"
                            + (tracing ? "; " + xray : ""), "Resource::*");
            if (stack.failureRecords().isPresent()) {
                suppress(forwarder.function().getRole(), "AwsSolutions-IAM5", "s3:PutObject on the failure bucket's "
                        + "aws/lambda/* only: Lambda names each failure record aws/lambda/<mapping UUID>/<shard>/<date>/"
                        + "<time>-<random UUID>, so the keys are known only by their prefix",
                        "regex:/^Resource::<FailureRecordsBucket[A-Za-z0-9]*\\.Arn>\\/aws\\/lambda\\/\\*$/");
            }
        }
        for (Function function : functions) {
            if (!tracing) {
                suppress(function, "Serverless-LambdaTracing", "X-Ray active tracing is an option (context key "
                        + "tracing=true), off by default: the handlers carry no X-Ray SDK instrumentation, and a change "
                        + "is followed by its ids in the JSON logs and by the EMF metrics per table", null);
            }
            suppress(function.getLogGroup(), "NIST.800.53.R5-CloudWatchLogGroupEncrypted", "CloudWatch Logs encrypts every log "
                    + "group at rest with its service key; the handlers log ids and counts, never item images", null);
            suppress(function.getRole(), "NIST.800.53.R5-IAMNoInlinePolicy", "Each policy is attached to exactly one "
                    + "function's role and names only that function's resources; a managed policy could be attached "
                    + "to other principals", null);
        }
        String destination = stack.streamFailures().failureBucket().isPresent() ? "the failure bucket"
                : "the stream-failure queue";
        for (Forwarder forwarder : stack.forwarders()) {
            Function f = forwarder.function();
            suppress(f, "Serverless-LambdaDLQ", "Invoked only by its DynamoDB stream event source mapping, whose "
                    + "failed batches go to the on-failure destination (" + destination + ")", null);
            suppress(f, "NIST.800.53.R5-LambdaDLQ", "Invoked only by its DynamoDB stream event source mapping, whose "
                    + "failed batches go to the on-failure destination (" + destination + ")", null);
            suppress(f, "NIST.800.53.R5-LambdaConcurrency", "Concurrency is bounded by the stream: one invocation per "
                    + "shard times parallelizationFactor", null);
            suppress(f, "NIST.800.53.R5-LambdaInsideVPC", "The forwarder calls only SQS (the stream is read by the "
                    + "event source mapping); it never reaches OpenSearch, so it needs no VPC", null);
        }
        Function worker = stack.worker().function();
        Function purge = stack.worker().purgeFunction();
        suppress(worker, "Serverless-LambdaDLQ", "Invoked only by its SQS event source mapping: failed messages move "
                + "to the dead-letter queue through the change queue's redrive policy", null);
        suppress(worker, "NIST.800.53.R5-LambdaDLQ", "Invoked only by its SQS event source mapping: failed messages "
                + "move to the dead-letter queue through the change queue's redrive policy", null);
        suppress(worker, "NIST.800.53.R5-LambdaConcurrency", stack.settings().tuning().workerProvisionedPollers().isPresent()
                ? "The SQS event source mapping runs in provisioned mode: at most workerMaximumPollers event pollers "
                        + "invoke the worker (AWS excludes a maximum concurrency in this mode)"
                : "The SQS event source mapping's MaximumConcurrency (workerMaxConcurrency) caps the worker's "
                        + "concurrency", null);
        String purgeRetried = "The daily EventBridge rule retries the purge twice within 6 h and the PurgeFailed alarm "
                + "fires on an error; the next day's run deletes the same tombstones (the purge is idempotent)";
        suppress(purge, "Serverless-LambdaDLQ", purgeRetried, null);
        suppress(purge, "NIST.800.53.R5-LambdaDLQ", purgeRetried, null);
        suppress(stack.worker().purgeSchedule(), "Serverless-EventBusDLQ", purgeRetried, null);
        suppress(purge, "NIST.800.53.R5-LambdaConcurrency", "Invoked once a day by its EventBridge schedule; one run at a time is all it needs", null);
        for (software.constructs.IConstruct child : stack.worker().alias().getNode().getChildren()) {
            if (child.getNode().getId().startsWith("SqsEventSource")) {
                suppress(child, "Serverless-LambdaEventSourceMappingDestination", "An SQS event source mapping's "
                        + "failed messages go to the queue's own dead-letter queue (redrive policy, maxReceiveCount)", null);
            }
        }
        suppress(stack.queues().deadLetterQueue(), "Serverless-SQSRedrivePolicy", "This is the dead-letter queue "
                + "itself: its messages are redriven to the change queue by an operator, never to another DLQ", null);
        stack.queues().streamFailureQueue().ifPresent(queue -> suppress(queue, "Serverless-SQSRedrivePolicy",
                "The terminal on-failure destination of the stream mappings; replay-stream-failures consumes it", null));
        if (stack.network().isEmpty()) {
            for (Function function : List.of(worker, purge)) {
                suppress(function, "NIST.800.53.R5-LambdaInsideVPC", "The OpenSearch domain has a public endpoint "
                        + "(no VPC settings given): the function reaches it with SigV4-signed HTTPS", null);
            }
        }
        String searchWildcards = "Wildcards only inside this deployment's OpenSearch paths: physical indexes "
                + "<index>_v* (versions are created at run time)"
                + (stack.network().isPresent() ? "; ec2 network-interface actions (no resource-level permissions) "
                        + "needed to run in the VPC" : "")
                + (tracing ? "; " + xray : "");
        suppress(worker.getRole(), "AwsSolutions-IAM5", searchWildcards, null);
        if (stack.network().isPresent()) {
            for (Function function : List.of(worker, purge)) {
                suppress(function.getRole(), "Serverless-LambdaStarPermissions", "Only the ec2 network-interface "
                        + "actions Lambda needs to attach the function to its subnets, which have no resource-level "
                        + "permissions (Resource '*'); they are the role's own policy so that they exist when Lambda "
                        + "creates the function", null);
            }
        }
        if (stack.network().isPresent() || tracing) {
            suppress(purge.getRole(), "AwsSolutions-IAM5", (stack.network().isPresent() ? "ec2 network-interface "
                    + "actions (no resource-level permissions) needed to run in the VPC; " : "")
                    + (tracing ? xray + "; " : "")
                    + "OpenSearch access is only <index>_write/_delete_by_query of this deployment's indexes", null);
        }
        stack.search().domain().ifPresent(domain -> {
            if (!stack.search().inVpc()) {
                String reason = "Demo domain without demoVpc=true: a public endpoint that admits only SigV4-signed "
                        + "requests of this account's principals; set demoVpc=true to place it in a new VPC";
                suppress(domain, "AwsSolutions-OS1", reason, null);
                suppress(domain, "NIST.800.53.R5-OpenSearchInVPCOnly", reason, null);
            }
            suppress(domain, "AwsSolutions-OS3",
                    "Access is controlled by IAM (SigV4-signed requests from this account's principals), not by "
                            + "source IP: Lambda has no fixed addresses", null);
            suppress(domain, "AwsSolutions-OS4", "The new domain has " + stack.settings().domain().instanceCount()
                    + " data node(s) and no dedicated masters: it is the demo/dev domain; production domains with "
                    + "dedicated masters are passed in as existing domains", null);
            if (stack.search().zoneCount() < 2) {
                suppress(domain, "AwsSolutions-OS7", "One data node cannot spread across zones (zone awareness is "
                        + "on from two data nodes); the index can always be rebuilt from the tables by a backfill", null);
            }
        });
        stack.search().domain().ifPresent(d -> {
            for (String logs : List.of("SlowSearchLogs", "SlowIndexLogs", "ApplicationLogs")) {
                suppress(stack.search().getNode().findChild(logs), "NIST.800.53.R5-CloudWatchLogGroupEncrypted",
                        "CloudWatch Logs encrypts every log group at rest with its service key; OpenSearch's slow "
                                + "and application logs hold queries and errors", null);
            }
        });
        stack.network().ifPresent(network -> {
            software.constructs.IConstruct flowLogs = network.getNode().tryFindChild("FlowLogs");
            if (flowLogs != null) {
                suppress(flowLogs, "NIST.800.53.R5-CloudWatchLogGroupEncrypted", "CloudWatch Logs encrypts every log "
                        + "group at rest with its service key; the VPC flow logs hold addresses and ports", null);
                software.constructs.IConstruct vpc = network.vpc();
                suppress(vpc, "NIST.800.53.R5-VPCDefaultSecurityGroupClosed", "Nothing in this new VPC uses its "
                        + "default security group: the Lambdas and the domain have their own groups", null);
                suppress(vpc, "NIST.800.53.R5-IAMNoInlinePolicy", "The flow log's role policy is attached only to "
                        + "that role and allows writing to the flow-log group only", null);
            }
        });
        stack.search().serviceLinkedRole().ifPresent(role -> serviceLinkedRoleProvider(stack));
        stack.bastion().ifPresent(bastion -> {
            String agent = "What CDK's BastionHostLinux grants the Session Manager agent (ssm:UpdateInstanceInformation, "
                    + "ssmmessages:*, ec2messages:*), the actions AWS's Session Manager instance profile documents; they "
                    + "have no resource-level permissions. The instance has no other permission: the operator's own "
                    + "credentials sign what goes through the port-forwarding session";
            suppress(bastion.host(), "AwsSolutions-IAM5", agent, null);
            suppress(bastion.host(), "NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess", agent, null);
            suppress(bastion.host(), "NIST.800.53.R5-IAMNoInlinePolicy", "The Session Manager agent's policy is attached "
                    + "to the bastion's role only", null);
            String stateless = "A stateless port-forwarding host (no data, no inbound connection, no public address), "
                    + "replaced by redeploying; CloudTrail and Session Manager record who opened a session";
            suppress(bastion.host(), "AwsSolutions-EC28", stateless, null);
            suppress(bastion.host(), "AwsSolutions-EC29", stateless, null);
        });
        backfillFunction(stack, tracing ? xray : null);
        suppress(stack.backfill().deadLetterQueue(), "Serverless-SQSRedrivePolicy", "This is the backfill queue's "
                + "dead-letter queue itself: its work items are redriven to the backfill queue by an operator", null);
        suppress(stack.backfill().exportPolicy(), "AwsSolutions-IAM5", "Exports of the source tables only: "
                + "DescribeExport on <table ARN>/export/* (DynamoDB names each export by an id it generates) and the "
                + "export's objects under the export bucket's exports/* (DynamoDB writes exports/AWSDynamoDB/<export id>/"
                + "…, keys it generates)", "regex:/^Resource::(<[A-Za-z0-9]+\\.Arn>|arn:[^:]+:dynamodb:[^*]+)\\/(export|exports)\\/\\*$/");
        List<IConstruct> buckets = new ArrayList<>();
        stack.failureRecords().ifPresent(f -> buckets.add(f.bucket()));
        buckets.add(stack.backfill().exportBucket());
        for (IConstruct bucket : buckets) {
            String logging = "Objects are written only by Lambda (failure records, as the forwarder's role) and DynamoDB "
                    + "(exports, as the caller of ExportTableToPointInTime) and read by ddbsync's operations; object-level "
                    + "access is recorded by CloudTrail data events where an account's trail selects them, and server "
                    + "access logs would need another bucket of their own";
            suppress(bucket, "AwsSolutions-S1", logging, null);
            suppress(bucket, "NIST.800.53.R5-S3BucketLoggingEnabled", logging, null);
            suppress(bucket, "NIST.800.53.R5-S3BucketReplicationEnabled", "Operational copies that expire within days: "
                    + "an export can be requested again from the table, and a lost failure record is what reconcile "
                    + "--repair finds and repairs from the table; a replica in another region would double storage "
                    + "for neither", null);
            suppress(bucket, "NIST.800.53.R5-S3BucketVersioningEnabled", "Each object is written once under a unique "
                    + "key (Lambda's random UUID suffix, DynamoDB's export id) and removed only by the lifecycle "
                    + "expiry; versioning would keep every expired object as a noncurrent version", null);
            suppress(bucket, "NIST.800.53.R5-S3DefaultEncryptionKMS", "Encrypted at rest with SSE-S3 (AES-256): a "
                    + "customer-managed key would have to grant kms:GenerateDataKey to the forwarder's role (Lambda "
                    + "writes with it), to every export caller and kms:Decrypt to every reader; the objects hold the "
                    + "item images the table and the index already hold", null);
        }
        suppress(stack.monitoring().alarmTopic(), "Serverless-SNSRedrivePolicy", "The only subscription is the "
                + "operator's e-mail; a notification SNS cannot deliver is not lost information: the alarm's state and "
                + "history stay in CloudWatch and on the dashboard", null);
        stack.queues().streamFailureQueue().ifPresent(queue -> suppress(queue, "AwsSolutions-SQS3",
                "This queue is itself the terminal on-failure destination of the stream event source mappings: it "
                        + "holds batch metadata for 14 days and an alarm fires as soon as it is not empty", null));
    }

    /** The backfill function: invoked by its SQS mapping only, outside the VPC, its S3 access by key prefix. */
    private static void backfillFunction(DdbSyncStack stack, String xray) {
        Function backfill = stack.backfill().function();
        String dlq = "Invoked only by its SQS event source mapping on the backfill queue: a work item that fails "
                + "maxReceiveCount times moves to the backfill dead-letter queue through the queue's redrive policy";
        suppress(backfill, "Serverless-LambdaDLQ", dlq, null);
        suppress(backfill, "NIST.800.53.R5-LambdaDLQ", dlq, null);
        suppress(backfill, "NIST.800.53.R5-LambdaConcurrency", "The SQS event source mapping's MaximumConcurrency "
                + "(backfillMaxConcurrency) caps the backfill function's concurrency", null);
        suppress(backfill, "NIST.800.53.R5-LambdaInsideVPC", "The backfill function calls only DynamoDB (Scan), SQS and "
                + "S3; it never reaches OpenSearch (the worker writes what it sends), so it needs no VPC", null);
        suppress(backfill.getRole(), "AwsSolutions-IAM5", "S3 objects by key prefix only: the runs' state under "
                + "backfills/* (keys named by run ids made at run time) and the export files under exports/* (keys "
                + "DynamoDB generates: exports/AWSDynamoDB/<export id>/data/…)" + (xray == null ? "" : "; " + xray),
                xray == null ? "regex:/^Resource::<Backfill[A-Za-z0-9]+\\.Arn>\\/(backfills|exports)\\/\\*$/" : null);
        for (IConstruct child : stack.backfill().alias().getNode().getChildren()) {
            if (child.getNode().getId().startsWith("SqsEventSource")) {
                suppress(child, "Serverless-LambdaEventSourceMappingDestination", "An SQS event source mapping's "
                        + "failed work items go to the backfill queue's own dead-letter queue (redrive policy, "
                        + "maxReceiveCount)", null);
            }
        }
    }

    /**
     * The Lambda function behind the custom resource that creates OpenSearch Service's service-linked
     * role (CDK's singleton provider for AwsCustomResource, at the stack's root): it runs one IAM call
     * when the stack is created.
     */
    private static void serviceLinkedRoleProvider(DdbSyncStack stack) {
        IConstruct provider = stack.getNode().findChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        String once = "Runs once, when CloudFormation creates the stack, to make one IAM call "
                + "(CreateServiceLinkedRole for OpenSearch Service): ";
        suppress(provider, "Serverless-LambdaDLQ", once + "CloudFormation invokes it synchronously and "
                + "fails the deployment on an error, so there is nothing to retry later", null);
        suppress(provider, "NIST.800.53.R5-LambdaDLQ", once + "CloudFormation invokes it synchronously and "
                + "fails the deployment on an error, so there is nothing to retry later", null);
        suppress(provider, "NIST.800.53.R5-LambdaConcurrency", once + "one invocation per stack operation", null);
        suppress(provider, "NIST.800.53.R5-LambdaInsideVPC", once + "it calls only the IAM API, "
                + "which the VPC's isolated subnets could not reach", null);
        suppress(provider, "Serverless-LambdaDefaultMemorySize", once + "128 MB is ample for one SDK call", null);
        suppress(provider, "Serverless-LambdaTracing", once + "its log group records the call and its answer", null);
        IConstruct search = stack.search();
        suppress(search.getNode().findChild("ServiceLinkedRoleProviderRole"), "NIST.800.53.R5-IAMNoInlinePolicy",
                "The provider's role may write only to its own log group; the policy is attached to that role only", null);
        suppress(search.getNode().findChild("ServiceLinkedRole"), "NIST.800.53.R5-IAMNoInlinePolicy",
                "iam:CreateServiceLinkedRole for OpenSearch Service's role only (condition iam:AWSServiceName), "
                        + "attached to the provider's role only", null);
        suppress(search.getNode().findChild("ServiceLinkedRoleLogs"), "NIST.800.53.R5-CloudWatchLogGroupEncrypted",
                "CloudWatch Logs encrypts every log group at rest with its service key; this one holds the IAM "
                        + "call and its answer", null);
    }

    static void suppress(IConstruct construct, String id, String reason, String appliesTo) {
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
