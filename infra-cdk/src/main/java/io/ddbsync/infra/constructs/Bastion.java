package io.ddbsync.infra.constructs;

import java.util.List;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BastionHostLinux;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * How an operator reaches a domain in the demo VPC, whose subnets are isolated: a small instance that
 * Session Manager manages, for port forwarding ({@code AWS-StartPortForwardingSessionToRemoteHost}) from
 * the operator's machine to the domain's endpoint. The runbook's commands then run on the operator's
 * machine against the forwarded port, signed with the operator's own credentials; the instance holds no
 * OpenSearch permission and accepts no inbound connection (no SSH, no public address). The isolated
 * subnets reach Systems Manager through its interface endpoints, created in the instance's subnet only.
 */
public class Bastion extends Construct {

    /** The Systems Manager endpoints Session Manager needs in a subnet without internet access. */
    static final List<InterfaceVpcEndpointAwsService> SESSION_MANAGER_ENDPOINTS = List.of(
            InterfaceVpcEndpointAwsService.SSM, InterfaceVpcEndpointAwsService.SSM_MESSAGES,
            InterfaceVpcEndpointAwsService.EC2_MESSAGES);

    private final BastionHostLinux host;
    private final SecurityGroup securityGroup;

    public Bastion(Construct scope, String id, Network network) {
        super(scope, id);
        if (!(network.vpc() instanceof Vpc vpc)) {
            throw new IllegalArgumentException("Bastion: needs the new VPC the stack creates (demoVpc)");
        }
        SubnetSelection subnet = SubnetSelection.builder().subnets(List.of(network.subnets().get(0))).build();
        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("ddbsync bastion: Session Manager port forwarding to the OpenSearch domain; no inbound")
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(Network.HTTPS),
                "HTTPS to the domain and the Systems Manager endpoints in this VPC");
        SecurityGroup endpointGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                .vpc(vpc)
                .description("ddbsync Systems Manager endpoints: HTTPS from the bastion only")
                .allowAllOutbound(false)
                .build();
        endpointGroup.addIngressRule(securityGroup, Port.tcp(Network.HTTPS), "HTTPS from the bastion's Session Manager agent");
        for (InterfaceVpcEndpointAwsService service : SESSION_MANAGER_ENDPOINTS) {
            vpc.addInterfaceEndpoint(endpointId(service), InterfaceVpcEndpointOptions.builder()
                    .service(service)
                    .privateDnsEnabled(true)
                    .subnets(subnet)
                    .securityGroups(List.of(endpointGroup))
                    .open(false)
                    .build());
        }
        this.host = BastionHostLinux.Builder.create(this, "Host")
                .vpc(vpc)
                .subnetSelection(subnet)
                .securityGroup(securityGroup)
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.NANO))
                .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(AmazonLinuxCpuType.ARM_64).build()))
                .requireImdsv2(true)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(8, EbsDeviceOptions.builder()
                                .encrypted(true).volumeType(EbsDeviceVolumeType.GP3).build()))
                        .build()))
                .build();
    }

    private static String endpointId(InterfaceVpcEndpointAwsService service) {
        String name = service.getShortName().replace("messages", "Messages");
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The instance to start a Session Manager session with. */
    public BastionHostLinux host() {
        return host;
    }

    /** The instance's group: a domain's security group admits it on 443. */
    public ISecurityGroup securityGroup() {
        return securityGroup;
    }
}
