package io.ddbsync.infra.config;

import java.util.List;
import java.util.Optional;

/**
 * Where the Lambdas that call OpenSearch (worker and purge) run.
 *
 * <ul>
 *   <li>{@link Mode#NONE}: outside any VPC (the domain has a public endpoint).</li>
 *   <li>{@link Mode#EXISTING}: in the given private subnets of an existing VPC (the domain has a VPC
 *       endpoint there). The subnets reach DynamoDB through a gateway endpoint the stack adds to
 *       {@code routeTableIds}, or — when none are given — through the VPC's own NAT or endpoints.</li>
 *   <li>{@link Mode#NEW}: a new VPC with isolated subnets for the demo domain and the Lambdas,
 *       with a DynamoDB gateway endpoint (no NAT); with {@code bastion}, also an instance operators
 *       reach through Session Manager to port-forward to the domain.</li>
 * </ul>
 */
public record VpcSettings(Mode mode, Optional<String> vpcId, List<String> subnetIds, List<String> securityGroupIds,
                          List<String> routeTableIds, boolean bastion) {

    public enum Mode { NONE, EXISTING, NEW }

    public VpcSettings {
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
        routeTableIds = List.copyOf(routeTableIds);
    }

    public static VpcSettings none() {
        return new VpcSettings(Mode.NONE, Optional.empty(), List.of(), List.of(), List.of(), false);
    }

    public static VpcSettings newVpc(boolean bastion) {
        return new VpcSettings(Mode.NEW, Optional.empty(), List.of(), List.of(), List.of(), bastion);
    }

    public static VpcSettings existing(String vpcId, List<String> subnetIds, List<String> securityGroupIds,
                                       List<String> routeTableIds) {
        return new VpcSettings(Mode.EXISTING, Optional.of(vpcId), subnetIds, securityGroupIds, routeTableIds, false);
    }

    public boolean inVpc() {
        return mode != Mode.NONE;
    }
}
