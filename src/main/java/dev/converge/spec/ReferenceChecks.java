package dev.converge.spec;

import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.RouteTableSpec.RouteSpec;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * References that exist but do not fit together the way AWS requires: groups, subnets and gateways of
 * different VPCs, routes to an internet gateway the VPC lacks, a NAT gateway that cannot reach the
 * internet. Checked only where both ends are declared; a dangling reference is reported elsewhere.
 */
final class ReferenceChecks {

    private final SpecIndex index;
    private final Findings findings;
    /** Per environment, the route table each subnet is associated with. */
    private final Map<String, Map<String, RouteTableSpec>> tableOfSubnet = new HashMap<>();

    ReferenceChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
        index.resourcesByEnvironment().forEach((env, declarations) -> declarations.stream()
                .map(d -> d.resource().spec())
                .filter(RouteTableSpec.class::isInstance)
                .map(RouteTableSpec.class::cast)
                .forEach(table -> (table.subnets() == null ? List.<String>of() : table.subnets()).forEach(subnet ->
                        tableOfSubnet.computeIfAbsent(env, e -> new HashMap<>()).putIfAbsent(subnet, table))));
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        String env = declaration.resource().environment();
        DocumentSource source = declaration.source();
        if (spec instanceof SecurityGroupSpec group) {
            peers(group, group.ingress(), SecurityGroupSpec.INGRESS, "from", env, source);
            peers(group, group.egress(), SecurityGroupSpec.EGRESS, "to", env, source);
        } else if (spec instanceof AutoScalingGroupSpec group) {
            launchTemplateGroups(group, env, source);
        } else if (spec instanceof AuroraClusterSpec cluster) {
            clusterGroups(cluster, env, source);
        } else if (spec instanceof RouteTableSpec table) {
            routes(table, env, source);
        } else if (spec instanceof NatGatewaySpec nat) {
            natGateway(nat, env, source);
        }
    }

    /** A peer group of another VPC works only across a peering connection, which the spec cannot show. */
    private void peers(SecurityGroupSpec group, List<RuleSpec> rules, String direction, String peerField, String env,
            DocumentSource source) {
        for (int i = 0; rules != null && i < rules.size(); i++) {
            RuleSpec rule = rules.get(i);
            String peer = rule == null || rule.peer() == null ? null : rule.peer().securityGroup();
            Optional<String> peerVpc = groupVpc(env, peer);
            if (group.vpc() != null && peerVpc.isPresent() && !peerVpc.get().equals(group.vpc())) {
                findings.warn(source, "/spec/" + direction + "/" + i + "/" + peerField + "/securityGroup",
                        "SecurityGroup '" + peer + "' is in Vpc '" + peerVpc.get() + "', not in this group's Vpc '"
                                + group.vpc() + "'; AWS accepts that only across a VPC peering connection");
            }
        }
    }

    /** Instances take security groups of their subnet's VPC only. */
    private void launchTemplateGroups(AutoScalingGroupSpec group, String env, DocumentSource source) {
        Optional<String> subnetVpc = group.subnets() == null ? Optional.empty()
                : group.subnets().stream().map(s -> subnetVpc(env, s)).flatMap(Optional::stream).findFirst();
        Optional<LaunchTemplateSpec> template = spec(env, LaunchTemplateSpec.KIND, group.launchTemplate(), LaunchTemplateSpec.class);
        if (subnetVpc.isEmpty() || template.isEmpty() || template.get().securityGroups() == null) {
            return;
        }
        for (String name : template.get().securityGroups()) {
            Optional<String> vpc = groupVpc(env, name);
            if (vpc.isPresent() && !vpc.get().equals(subnetVpc.get())) {
                findings.at(source, "/spec/" + AutoScalingGroupSpec.LAUNCH_TEMPLATE, "LaunchTemplate '" + group.launchTemplate() + "' uses SecurityGroup '"
                        + name + "' of Vpc '" + vpc.get() + "', but the group's subnets are in Vpc '" + subnetVpc.get()
                        + "'; instances take security groups of their subnet's VPC only");
                return;
            }
        }
    }

    private void clusterGroups(AuroraClusterSpec cluster, String env, DocumentSource source) {
        Optional<String> subnetVpc = spec(env, DbSubnetGroupSpec.KIND, cluster.subnetGroup(), DbSubnetGroupSpec.class)
                .map(DbSubnetGroupSpec::subnets)
                .flatMap(subnets -> subnets.stream().map(s -> subnetVpc(env, s)).flatMap(Optional::stream).findFirst());
        List<String> groups = cluster.securityGroups() == null ? List.of() : cluster.securityGroups();
        for (int i = 0; subnetVpc.isPresent() && i < groups.size(); i++) {
            Optional<String> vpc = groupVpc(env, groups.get(i));
            if (vpc.isPresent() && !vpc.get().equals(subnetVpc.get())) {
                findings.at(source, "/spec/" + AuroraClusterSpec.SECURITY_GROUPS + "/" + i, "SecurityGroup '" + groups.get(i) + "' is in Vpc '" + vpc.get()
                        + "', but DbSubnetGroup '" + cluster.subnetGroup() + "' is in Vpc '" + subnetVpc.get()
                        + "'; a cluster's security groups belong to its subnets' VPC");
            }
        }
    }

    private void routes(RouteTableSpec table, String env, DocumentSource source) {
        List<RouteSpec> routes = table.routes() == null ? List.of() : table.routes();
        Optional<VpcSpec> vpc = spec(env, VpcSpec.KIND, table.vpc(), VpcSpec.class);
        for (int i = 0; i < routes.size(); i++) {
            RouteSpec route = routes.get(i);
            if (route == null) {
                continue;
            }
            String pointer = "/spec/" + RouteTableSpec.ROUTES + "/" + i;
            if (Boolean.TRUE.equals(route.internetGateway()) && vpc.isPresent() && !Boolean.TRUE.equals(vpc.get().internetGateway())) {
                findings.at(source, pointer + "/internetGateway", "Vpc '" + table.vpc() + "' has no internet gateway;"
                        + " set " + VpcSpec.INTERNET_GATEWAY + ": true on the Vpc");
            }
            Optional<String> natVpc = spec(env, NatGatewaySpec.KIND, route.natGateway(), NatGatewaySpec.class)
                    .flatMap(nat -> subnetVpc(env, nat.subnet()));
            if (table.vpc() != null && natVpc.isPresent() && !natVpc.get().equals(table.vpc())) {
                findings.at(source, pointer + "/natGateway", "NatGateway '" + route.natGateway() + "' is in Vpc '" + natVpc.get()
                        + "', not in the table's Vpc '" + table.vpc() + "'; a route's NAT gateway is in the table's VPC");
            }
        }
    }

    /**
     * A public NAT gateway reaches the internet through its subnet's route to the VPC's internet gateway;
     * where the spec associates no table with the subnet, the subnet's {@code public} flag stands for it.
     */
    private void natGateway(NatGatewaySpec nat, String env, DocumentSource source) {
        Optional<SubnetSpec> subnet = spec(env, SubnetSpec.KIND, nat.subnet(), SubnetSpec.class);
        if (subnet.isEmpty()) {
            return;
        }
        Optional<VpcSpec> vpc = spec(env, VpcSpec.KIND, subnet.get().vpc(), VpcSpec.class);
        RouteTableSpec table = tableOfSubnet.getOrDefault(env, Map.of()).get(nat.subnet());
        if (vpc.isPresent() && !Boolean.TRUE.equals(vpc.get().internetGateway())) {
            findings.at(source, "/spec/" + NatGatewaySpec.SUBNET, "Subnet '" + nat.subnet() + "' is in Vpc '" + subnet.get().vpc() + "', which has"
                    + " no internet gateway; a public NAT gateway needs one (set " + VpcSpec.INTERNET_GATEWAY + ": true on the Vpc)");
        } else if (table != null && !routesToInternet(table)) {
            findings.at(source, "/spec/" + NatGatewaySpec.SUBNET, "Subnet '" + nat.subnet() + "' is not public: its route table has no route"
                    + " to the internet gateway; put the NAT gateway in a public subnet");
        } else if (table == null && !Boolean.TRUE.equals(subnet.get().isPublic())) {
            findings.at(source, "/spec/" + NatGatewaySpec.SUBNET, "Subnet '" + nat.subnet() + "' is not public; put the NAT gateway in a public"
                    + " subnet (public: true, with a route to the internet gateway)");
        }
    }

    private static boolean routesToInternet(RouteTableSpec table) {
        return table.routes() != null && table.routes().stream()
                .filter(Objects::nonNull)
                .anyMatch(route -> Boolean.TRUE.equals(route.internetGateway()));
    }

    private Optional<String> subnetVpc(String env, String subnet) {
        return spec(env, SubnetSpec.KIND, subnet, SubnetSpec.class).map(SubnetSpec::vpc);
    }

    private Optional<String> groupVpc(String env, String group) {
        return spec(env, SecurityGroupSpec.KIND, group, SecurityGroupSpec.class).map(SecurityGroupSpec::vpc);
    }

    private <T> Optional<T> spec(String env, String kind, String name, Class<T> type) {
        if (name == null) {
            return Optional.empty();
        }
        return index.resource(env, ResourceKey.of(kind, name))
                .map(d -> d.resource().spec())
                .filter(type::isInstance)
                .map(type::cast);
    }
}
