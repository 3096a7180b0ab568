package io.ddbsync.infra.constructs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.ResourcePolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.opensearchservice.CapacityConfig;
import software.amazon.awscdk.services.opensearchservice.CfnDomain;
import software.amazon.awscdk.services.opensearchservice.Domain;
import software.amazon.awscdk.services.opensearchservice.EbsOptions;
import software.amazon.awscdk.services.opensearchservice.EncryptionAtRestOptions;
import software.amazon.awscdk.services.opensearchservice.EngineVersion;
import software.amazon.awscdk.services.opensearchservice.LoggingOptions;
import software.amazon.awscdk.services.opensearchservice.TLSSecurityPolicy;
import software.amazon.awscdk.services.opensearchservice.ZoneAwarenessConfig;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.constructs.Construct;

/**
 * The OpenSearch domain the worker writes to: an existing one, or a new OpenSearch 2.19 domain
 * (dev-sized by default, optionally in a new VPC; named by {@link #name}) with encryption at rest,
 * node-to-node encryption, HTTPS only with TLS 1.2 and perfect forward secrecy, and slow/app logs in CloudWatch. The new
 * domain is retained on {@code cdk destroy} (it holds the index; delete it by hand). Access is by IAM identity policies (SigV4-signed requests from the worker).
 */
public class SearchDomain extends Construct {

    /** OpenSearch Service's principal for its service-linked role. */
    public static final String OPENSEARCH_SERVICE = "opensearchservice.amazonaws.com";
    /** The service-linked role a VPC domain needs. */
    public static final String SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForAmazonOpenSearchService";

    /** A domain name has at most 28 characters; the prefix leaves room for "-", the network letter and 8 hex digits. */
    public static final int MAX_NAME_PREFIX_LENGTH = 28 - 10;

    private final String endpoint;
    private final String domainArn;
    private final String domainName;
    private final String accountId;
    private final Optional<Domain> domain;
    private final Optional<AwsCustomResource> serviceLinkedRole;
    private final Optional<SecurityGroup> securityGroup;
    private boolean inVpc;
    private int zoneCount;

    public SearchDomain(Construct scope, String id, SearchDomainProps props) {
        super(scope, id);
        if (props.isExisting()) {
            this.endpoint = props.existingEndpoint().orElseThrow();
            this.domainArn = props.existingDomainArn().orElseThrow();
            ArnComponents arn = Arn.split(domainArn, ArnFormat.SLASH_RESOURCE_NAME);
            this.domainName = arn.getResourceName();
            this.accountId = arn.getAccount();
            this.domain = Optional.empty();
            this.serviceLinkedRole = Optional.empty();
            this.securityGroup = Optional.empty();
            return;
        }
        String name = name(props.domainNamePrefix(), props.network().isPresent());
        String ownArn = "arn:" + Aws.PARTITION + ":es:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":domain/" + name;
        LogGroup slowSearch = logGroup("SlowSearchLogs");
        LogGroup slowIndex = logGroup("SlowIndexLogs");
        LogGroup application = logGroup("ApplicationLogs");
        // Our own resource policy instead of the one CDK would create through a custom resource Lambda;
        // only this domain (aws:SourceArn) of this account may write to these log groups.
        ResourcePolicy logsPolicy = ResourcePolicy.Builder.create(this, "LogsResourcePolicy")
                .policyStatements(List.of(PolicyStatement.Builder.create()
                        .principals(List.of(new ServicePrincipal("es.amazonaws.com")))
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(slowSearch.getLogGroupArn(), slowIndex.getLogGroupArn(),
                                application.getLogGroupArn()))
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                                "ArnLike", Map.of("aws:SourceArn", ownArn)))
                        .build()))
                .build();
        int nodes = props.instanceCount();
        // Zone awareness follows the node count: two zones from two data nodes on (replicas then
        // land in another zone); a one-node domain has a single zone.
        int zones = nodes >= 2 ? 2 : 1;
        Domain.Builder builder = Domain.Builder.create(this, "Domain")
                .domainName(name)
                .version(EngineVersion.OPENSEARCH_2_19)
                .capacity(CapacityConfig.builder()
                        .dataNodes(nodes)
                        .dataNodeInstanceType(props.instanceType())
                        .multiAzWithStandbyEnabled(false)
                        .build())
                .ebs(EbsOptions.builder().enabled(true).volumeSize(props.volumeGiB())
                        .volumeType(EbsDeviceVolumeType.GP3).build())
                .zoneAwareness(zones > 1
                        ? ZoneAwarenessConfig.builder().enabled(true).availabilityZoneCount(zones).build()
                        : ZoneAwarenessConfig.builder().enabled(false).build())
                .encryptionAtRest(EncryptionAtRestOptions.builder().enabled(true).build())
                .nodeToNodeEncryption(true)
                .enforceHttps(true)
                .tlsSecurityPolicy(TLSSecurityPolicy.TLS_1_2_PFS)
                .logging(LoggingOptions.builder()
                        .slowSearchLogEnabled(true).slowSearchLogGroup(slowSearch)
                        .slowIndexLogEnabled(true).slowIndexLogGroup(slowIndex)
                        .appLogEnabled(true).appLogGroup(application)
                        .build())
                .suppressLogsResourcePolicy(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        this.serviceLinkedRole = props.network().map(n -> createServiceLinkedRole());
        this.securityGroup = props.network().map(network -> {
            SecurityGroup domainGroup = SecurityGroup.Builder.create(this, "DomainSecurityGroup")
                    .vpc(network.vpc())
                    .description("ddbsync OpenSearch domain: HTTPS from the ddbsync Lambdas and the bastion only")
                    .allowAllOutbound(false)
                    .build();
            domainGroup.addIngressRule(network.lambdaSecurityGroup(), Port.tcp(Network.HTTPS),
                    "HTTPS from the worker and purge Lambdas");
            builder.vpc(network.vpc())
                    .vpcSubnets(List.of(SubnetSelection.builder()
                            .subnets(network.subnets().subList(0, zones)).build()))
                    .securityGroups(List.of(domainGroup));
            return domainGroup;
        });
        Domain created = builder.build();
        // OpenSearch Service checks at creation that it may write to the log groups; CDK orders the two
        // only for the policy it creates itself, so name ours (nothing else relates them).
        created.getNode().addDependency(logsPolicy);
        // A VPC domain is created through OpenSearch Service's service-linked role, which an account that
        // never had a VPC domain lacks (and CloudFormation does not create it).
        serviceLinkedRole.ifPresent(role -> created.getNode().addDependency(role));
        // Resource policy: only signed requests from IAM principals of this account, on this domain's
        // paths (whose identity policies then decide, e.g. the worker's); never anonymous access.
        ((CfnDomain) created.getNode().getDefaultChild()).setAccessPolicies(new TreeMap<>(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(new TreeMap<>(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("AWS", "arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":root"),
                        "Action", "es:ESHttp*",
                        "Resource", ownArn + "/*"))))));
        this.inVpc = props.network().isPresent();
        this.zoneCount = zones;
        this.endpoint = "https://" + created.getDomainEndpoint();
        this.domainArn = created.getDomainArn();
        this.domainName = created.getDomainName();
        this.accountId = Aws.ACCOUNT_ID;
        this.domain = Optional.of(created);
    }

    /**
     * A new domain's name: {@code <prefix>-<p|v><first 8 hex digits of the stack's id>}. The name is
     * create-only, and OpenSearch Service cannot move a domain between public access and a VPC, so the
     * name changes with the network (turning {@code demoVpc} on replaces the domain instead of failing
     * the update) and with every new stack (a redeploy after {@code cdk destroy}, which retains the
     * domain, creates a new one instead of colliding with the kept one's name). The name is known
     * without referring to the domain, so the domain's own access policy and the log policy can name
     * its ARN.
     */
    static String name(String prefix, boolean inVpc) {
        String stackUuid = Fn.select(2, Fn.split("/", Aws.STACK_ID));
        return prefix + "-" + (inVpc ? "v" : "p") + Fn.select(0, Fn.split("-", stackUuid));
    }

    /**
     * Creates OpenSearch Service's service-linked role if the account lacks it: IAM answers
     * {@code InvalidInput} ("has been taken") when it exists, which counts as done. Never deleted by
     * the stack: the retained domain, and any other VPC domain of the account, keeps using it.
     */
    private AwsCustomResource createServiceLinkedRole() {
        String roleArn = "arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/aws-service-role/"
                + OPENSEARCH_SERVICE + "/" + SERVICE_LINKED_ROLE_NAME;
        LogGroup logs = logGroup("ServiceLinkedRoleLogs");
        // Instead of the provider's default role (AWSLambdaBasicExecutionRole: logs on every log group).
        Role providerRole = Role.Builder.create(this, "ServiceLinkedRoleProviderRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("ddbsync: creates OpenSearch Service's service-linked role if the account lacks it")
                .build();
        providerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("OwnLogGroup")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        return AwsCustomResource.Builder.create(this, "ServiceLinkedRole")
                .onCreate(AwsSdkCall.builder()
                        .service("IAM")
                        .action("CreateServiceLinkedRole")
                        .parameters(Map.of("AWSServiceName", OPENSEARCH_SERVICE))
                        .physicalResourceId(PhysicalResourceId.of(SERVICE_LINKED_ROLE_NAME))
                        .ignoreErrorCodesMatching("InvalidInput")
                        .build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("iam:CreateServiceLinkedRole"))
                        .resources(List.of(roleArn))
                        .conditions(Map.of("StringEquals", Map.of("iam:AWSServiceName", OPENSEARCH_SERVICE)))
                        .build())))
                .installLatestAwsSdk(false)
                .role(providerRole)
                .logGroup(logs)
                .build();
    }

    private LogGroup logGroup(String id) {
        return LogGroup.Builder.create(this, id)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /** https URL of the domain (the worker's OPENSEARCH_ENDPOINT). */
    public String endpoint() { return endpoint; }
    public String domainArn() { return domainArn; }
    /** Domain name: the {@code DomainName} dimension of the AWS/ES metrics. */
    public String domainName() { return domainName; }
    /** Owning account: the {@code ClientId} dimension of the AWS/ES metrics. */
    public String accountId() { return accountId; }
    /** Whether a new domain sits in a VPC. */
    public boolean inVpc() { return inVpc; }
    /** Zones a new domain spreads over (1 = no zone awareness). */
    public int zoneCount() { return zoneCount; }
    /** The domain when this stack created it. */
    public Optional<Domain> domain() { return domain; }
    /** Lets {@code peer} reach a new VPC domain on 443 (the domain's own security group). */
    public void admitHttps(ISecurityGroup peer, String description) {
        securityGroup.orElseThrow(() -> new IllegalStateException("only a new VPC domain has its own security group"))
                .addIngressRule(peer, Port.tcp(Network.HTTPS), description);
    }

    /** The custom resource that makes sure OpenSearch Service's service-linked role exists (a new VPC domain). */
    public Optional<AwsCustomResource> serviceLinkedRole() { return serviceLinkedRole; }
}
