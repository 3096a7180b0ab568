package io.ddbsync.infra;

import static io.ddbsync.infra.TemplateSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.infra.constructs.Forwarder;
import io.ddbsync.infra.constructs.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The demo with {@code demoVpc=true}: the new domain and the Lambdas that call it in a new VPC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdbSyncStackDemoVpcTest {

    private static final String FUNCTION = "AWS::Lambda::Function";

    private DdbSyncStack stack;
    private Template template;

    @BeforeAll
    void synthesize() {
        App app = App.Builder.create().context(Map.of("alarmEmail", "ops@example.com", "demoVpc", "true",
                "bastion", "true")).build();
        stack = DdbSyncApp.createStack(app);
        template = Template.fromStack(stack);
    }

    @Test
    void demoVpc_domainInTheNewVpcsSubnetsWithASecurityGroup() {
        Capture subnets = new Capture();
        Capture groups = new Capture();
        template.hasResourceProperties("AWS::OpenSearchService::Domain", Map.of("VPCOptions", Map.of(
                "SubnetIds", subnets, "SecurityGroupIds", groups)));
        assertThat(subnets.asArray()).isNotEmpty();
        assertThat(groups.asArray()).isNotEmpty();
        assertThat(flatten(subnets.asArray())).contains("Subnet");
        template.hasResourceProperties("AWS::EC2::VPC", Map.of());
    }

    @Test
    void demoVpc_workerAndPurgeInTheVpcForwarderOutside() {
        for (String handler : List.of(Worker.HANDLER, Worker.PURGE_HANDLER)) {
            Capture subnets = new Capture();
            template.hasResourceProperties(FUNCTION, Map.of("Handler", handler,
                    "VpcConfig", Map.of("SubnetIds", subnets, "SecurityGroupIds", Match.anyValue())));
            assertThat(subnets.asArray()).as(handler).isNotEmpty();
        }
        template.hasResourceProperties(FUNCTION, Map.of("Handler", Forwarder.HANDLER, "VpcConfig", Match.absent()));
    }

    @Test
    void demoVpc_endpointsForTheServicesTheWorkerCalls() {
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*dynamodb.*")))))))));
    }

    @Test
    void searchDomain_demoVpc_createdAfterTheOpenSearchServiceLinkedRole() {
        // A VPC domain needs AWSServiceRoleForAmazonOpenSearchService, which an account that never had a
        // VPC domain lacks; it is created (or found) before the domain.
        Capture create = new Capture();
        template.hasResourceProperties("Custom::AWS", Map.of("Create", create));
        assertThat(create.asString()).contains("\"service\":\"IAM\"", "\"action\":\"CreateServiceLinkedRole\"",
                "\"AWSServiceName\":\"opensearchservice.amazonaws.com\"", "\"ignoreErrorCodesMatching\":");
        String role = logicalId(template, "Custom::AWS", Map.of("Create", Match.anyValue()));
        template.hasResource("AWS::OpenSearchService::Domain", Map.of("DependsOn", Match.arrayWith(List.of(role))));
        Object slrArn = Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                Match.stringLikeRegexp(".*:role/aws-service-role/opensearchservice.amazonaws.com/"
                        + "AWSServiceRoleForAmazonOpenSearchService")))))));
        Object statement = Match.objectLike(Map.of("Action", "iam:CreateServiceLinkedRole", "Effect", "Allow",
                "Condition", Map.of("StringEquals", Map.of("iam:AWSServiceName", "opensearchservice.amazonaws.com")),
                "Resource", slrArn));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(statement))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bastion_demoVpc_sessionManagerPortForwardingReachesTheDomain() {
        // The demo VPC's subnets are isolated: the runbook reaches the domain through a Session Manager
        // port-forwarding session to this instance (no SSH, no inbound rule, no public address).
        Capture subnet = new Capture();
        Capture groups = new Capture();
        Capture profile = new Capture();
        template.hasResourceProperties("AWS::EC2::Instance", Map.of(
                "SubnetId", subnet, "SecurityGroupIds", groups, "IamInstanceProfile", profile));
        String subnetId = (String) ((Map<String, Object>) subnet.asObject()).get("Ref");
        template.hasResourceProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false,
                "Tags", Match.arrayWith(List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", "Isolated")))));
        assertThat(typeOf(template, subnetId)).isEqualTo("AWS::EC2::Subnet");
        assertThat(groups.asArray()).hasSize(1);
        String bastionGroup = (String) ((List<Object>) ((Map<String, Object>) groups.asArray().get(0)).get("Fn::GetAtt")).get(0);
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp(".*[Bb]astion.*"),
                "SecurityGroupIngress", Match.absent()));
        // the domain admits it on 443, beside the Lambdas
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443,
                "SourceSecurityGroupId", getAtt(bastionGroup, "GroupId")));
        // its role: what the Session Manager agent needs (no resource-level permissions), nothing else
        String instanceProfile = (String) ((Map<String, Object>) profile.asObject()).get("Ref");
        List<Object> roles = (List<Object>) propertiesOf(template, instanceProfile).get("Roles");
        assertThat(roles).hasSize(1);
        String role = (String) ((Map<String, Object>) roles.get(0)).get("Ref");
        assertThat(propertiesOf(template, role)).doesNotContainKeys("ManagedPolicyArns", "Policies");
        assertThat(statementsOfRole(template, role)).containsExactly(Map.of("Effect", "Allow", "Resource", "*",
                "Action", List.of("ssmmessages:*", "ssm:UpdateInstanceInformation", "ec2messages:*")));
        // IMDSv2 only, through a launch template named after this stack (CDK's fixed name collides across stacks)
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of(
                "LaunchTemplateName", Match.stringLikeRegexp("ddbsyncdemo.*"),
                "LaunchTemplateData", Match.objectLike(Map.of(
                        "MetadataOptions", Match.objectLike(Map.of("HttpTokens", "required"))))));
        // the isolated subnets reach Systems Manager through interface endpoints with private DNS
        for (String service : List.of("ssm", "ssmmessages", "ec2messages")) {
            template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                    "VpcEndpointType", "Interface", "PrivateDnsEnabled", true,
                    "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                            Match.stringLikeRegexp("^\\." + service + "$")))))))));
        }
        template.hasOutput("BastionInstanceId", Map.of("Value", Match.anyValue()));
    }

    @Test
    void vpcFunctions_networkInterfacePermissions_partOfTheRoleTheFunctionIsCreatedWith() {
        // Lambda checks ec2:CreateNetworkInterface when it creates a VPC function; a separate policy
        // resource races IAM propagation, the role's own policy does not.
        Map<String, Object> networkInterfaces = Map.of("PolicyName", "VpcNetworkInterfaces", "PolicyDocument", Map.of(
                "Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Sid", "VpcNetworkInterfaces", "Effect", "Allow", "Resource", "*",
                        "Action", List.of("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface",
                                "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                                "ec2:UnassignPrivateIpAddresses")))));
        for (String handler : List.of(Worker.HANDLER, Worker.PURGE_HANDLER)) {
            String role = roleOfFunction(template, handler);
            assertThat(propertiesOf(template, role).get("Policies")).as(handler).isEqualTo(List.of(networkInterfaces));
            assertThat(statementsOfRole(template, role)).noneMatch(st -> "VpcNetworkInterfaces".equals(st.get("Sid")));
        }
    }

    @Test
    void searchDomain_demoVpc_nameMarksTheNetworkSoTurningTheVpcOnReplacesTheDomain() {
        Capture name = new Capture();
        template.hasResourceProperties("AWS::OpenSearchService::Domain", Map.of("DomainName", name));
        assertThat(flatten(name.asObject())).startsWith("ddbsync-demo-v").contains("{Ref=AWS::StackId}");
    }

    @Test
    void cdkNag_allPacks_noUnsuppressedFinding() {
        assertNoUnsuppressedNagFinding(stack);
    }

    @Test
    void cfnLint_synthesizedTemplate_noUnsuppressedFinding() {
        CfnLint.assertNoUnsuppressedFinding(stack, template, "demo-vpc");
    }
}
