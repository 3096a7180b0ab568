package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.VpcSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnVPCEndpoint;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Where the Lambdas that call OpenSearch run: an existing VPC's private subnets, or a new VPC with
 * isolated subnets for the demo domain. Both get a security group for those Lambdas whose only
 * egress is HTTPS (OpenSearch, DynamoDB through its gateway endpoint); what they can reach beyond
 * that is decided by the subnets' routes.
 */
public class Network extends Construct {

    /** The only port the Lambdas open connections to: OpenSearch and every AWS API use HTTPS. */
    public static final int HTTPS = 443;

    private final IVpc vpc;
    private final List<ISubnet> subnets;
    private final SecurityGroup lambdaSecurityGroup;
    private final List<ISecurityGroup> securityGroups = new ArrayList<>();

    public Network(Construct scope, String id, VpcSettings settings) {
        super(scope, id);
        if (settings.mode() == VpcSettings.Mode.NEW) {
            LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            Vpc created = Vpc.Builder.create(this, "Vpc")
                    .maxAzs(2)
                    .natGateways(0)
                    .subnetConfiguration(List.of(SubnetConfiguration.builder()
                            .name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                    .gatewayEndpoints(java.util.Map.of("DynamoDb", GatewayVpcEndpointOptions.builder()
                            .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                    .flowLogs(java.util.Map.of("All", FlowLogOptions.builder()
                            .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                            .trafficType(FlowLogTrafficType.ALL).build()))
                    .build();
            this.vpc = created;
            this.subnets = created.getIsolatedSubnets();
        } else {
            String vpcId = settings.vpcId().orElseThrow();
            // The subnets are passed explicitly wherever the VPC is used, so its zone list is never read.
            this.vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(vpcId).availabilityZones(List.of(Stack.of(this).getRegion() + "-unused")).build());
            List<ISubnet> given = new ArrayList<>();
            for (String subnetId : settings.subnetIds()) {
                given.add(Subnet.fromSubnetId(this, subnetId, subnetId));
            }
            this.subnets = List.copyOf(given);
            if (!settings.routeTableIds().isEmpty()) {
                CfnVPCEndpoint.Builder.create(this, "DynamoDbEndpoint")
                        .vpcId(vpcId)
                        .vpcEndpointType("Gateway")
                        .serviceName("com.amazonaws." + Stack.of(this).getRegion() + ".dynamodb")
                        .routeTableIds(settings.routeTableIds())
                        .build();
            }
            for (String groupId : settings.securityGroupIds()) {
                securityGroups.add(SecurityGroup.fromSecurityGroupId(this, groupId, groupId,
                        software.amazon.awscdk.services.ec2.SecurityGroupImportOptions.builder().mutable(false).build()));
            }
        }
        this.lambdaSecurityGroup = SecurityGroup.Builder.create(this, "LambdaSecurityGroup")
                .vpc(vpc)
                .description("ddbsync worker and purge Lambdas: HTTPS out only")
                .allowAllOutbound(false)
                .build();
        lambdaSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(HTTPS),
                "HTTPS to OpenSearch and AWS APIs (reachable as the subnets' routes allow)");
        securityGroups.add(0, lambdaSecurityGroup);
    }

    public IVpc vpc() { return vpc; }

    /** The subnets the Lambdas (and a new domain) use. */
    public SubnetSelection subnetSelection() {
        return SubnetSelection.builder().subnets(subnets).build();
    }

    public List<ISubnet> subnets() { return subnets; }

    /** The stack's own group for the Lambdas; a domain must admit it on 443. */
    public SecurityGroup lambdaSecurityGroup() { return lambdaSecurityGroup; }

    /** The Lambdas' groups: the stack's own first, then any given ones. */
    public List<ISecurityGroup> securityGroups() { return List.copyOf(securityGroups); }

    public static Optional<Network> create(Construct scope, String id, VpcSettings settings) {
        return settings.inVpc() ? Optional.of(new Network(scope, id, settings)) : Optional.empty();
    }
}
