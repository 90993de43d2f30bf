package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.Mode;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.RouteTableSpec.RouteSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.testing.Harness;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A two-tier network (public subnet with a NAT gateway, private subnet routed through it) converged
 * against moto, read back with operator clients, drifted out of band, and pruned.
 */
class NetworkDriversIT {

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Environment observeOnly = Harness.environment("it", Mode.OBSERVE);
    /** These tests prune on purpose, more than the delete guard's default share of a network this small. */
    private final Environment pruning = Harness.pruning(env);

    private final Resource vpc = resource(VpcSpec.KIND, "main",
            new VpcSpec("10.30.0.0/16", null, null, true, Map.of(), null));
    private final Resource publicSubnet = resource(SubnetSpec.KIND, "public",
            new SubnetSpec("main", "us-east-1a", "10.30.1.0/24", true, Map.of("tier", "public"), null));
    private final Resource privateSubnet = resource(SubnetSpec.KIND, "private",
            new SubnetSpec("main", "us-east-1b", "10.30.2.0/24", false, Map.of("tier", "private"), null));
    private final Resource nat = resource(NatGatewaySpec.KIND, "egress",
            new NatGatewaySpec("public", Map.of("cost-center", "net"), null));
    private final Resource publicRoutes = resource(RouteTableSpec.KIND, "public", new RouteTableSpec("main",
            List.of(new RouteSpec("0.0.0.0/0", true, null, null)), List.of("public"), Map.of(), null));
    private final Resource privateRoutes = resource(RouteTableSpec.KIND, "private", new RouteTableSpec("main",
            List.of(new RouteSpec("0.0.0.0/0", null, "egress", null)), List.of("private"), Map.of(), null));
    private final List<Resource> network = List.of(vpc, publicSubnet, privateSubnet, nat, publicRoutes, privateRoutes);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesTwoTierNetworkFromEmpty() {
        PassReport report = harness.pass(env, network);

        assertThat(report.success()).as(report.toString()).isTrue();
        Ec2Client ec2 = harness.aws(env).ec2();
        String vpcId = ec2.describeVpcs(r -> r.filters(resourceTag("Vpc/main"))).vpcs().get(0).vpcId();
        String igwId = ec2.describeInternetGateways(r -> r.filters(Filter.builder().name("attachment.vpc-id").values(vpcId).build()))
                .internetGateways().get(0).internetGatewayId();

        Subnet pub = subnet(ec2, "public").orElseThrow();
        assertThat(pub.vpcId()).isEqualTo(vpcId);
        assertThat(pub.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(pub.cidrBlock()).isEqualTo("10.30.1.0/24");
        assertThat(pub.mapPublicIpOnLaunch()).isTrue();
        assertThat(tags(pub.tags())).containsAllEntriesOf(ownership("Subnet/public", "public"))
                .containsEntry("tier", "public");
        Subnet priv = subnet(ec2, "private").orElseThrow();
        assertThat(priv.vpcId()).isEqualTo(vpcId);
        assertThat(priv.availabilityZone()).isEqualTo("us-east-1b");
        assertThat(priv.cidrBlock()).isEqualTo("10.30.2.0/24");
        assertThat(priv.mapPublicIpOnLaunch()).isFalse();
        assertThat(tags(priv.tags())).containsAllEntriesOf(ownership("Subnet/private", "private"))
                .containsEntry("tier", "private");

        NatGateway gateway = natGateway(ec2).orElseThrow();
        assertThat(gateway.subnetId()).isEqualTo(pub.subnetId());
        assertThat(tags(gateway.tags())).containsAllEntriesOf(ownership("NatGateway/egress", "egress"))
                .containsEntry("cost-center", "net");
        String allocationId = gateway.natGatewayAddresses().get(0).allocationId();
        Address eip = ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().get(0);
        assertThat(tags(eip.tags())).containsAllEntriesOf(ownership("NatGateway/egress", "egress"))
                .containsEntry("cost-center", "net");

        RouteTable pubTable = routeTable(ec2, "public").orElseThrow();
        assertThat(pubTable.vpcId()).isEqualTo(vpcId);
        assertThat(createdRoutes(pubTable)).extracting(Route::destinationCidrBlock, Route::gatewayId)
                .containsExactly(tuple("0.0.0.0/0", igwId));
        assertThat(associatedSubnets(pubTable)).containsExactly(pub.subnetId());
        assertThat(tags(pubTable.tags())).containsAllEntriesOf(ownership("RouteTable/public", "public"));
        RouteTable privTable = routeTable(ec2, "private").orElseThrow();
        assertThat(privTable.vpcId()).isEqualTo(vpcId);
        assertThat(createdRoutes(privTable)).extracting(Route::destinationCidrBlock, Route::natGatewayId)
                .containsExactly(tuple("0.0.0.0/0", gateway.natGatewayId()));
        assertThat(associatedSubnets(privTable)).containsExactly(priv.subnetId());
        assertThat(tags(privTable.tags())).containsAllEntriesOf(ownership("RouteTable/private", "private"));
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        assertThat(harness.pass(env, network).success()).isTrue();
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, network);

        assertThat(second.success()).as(second.toString()).isTrue();
        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    @Test
    void enforce_restoresDeletedSubnetRouteAssociationAndNameTag() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String deletedSubnetId = subnet(ec2, "private").orElseThrow().subnetId();
        makeDrift(ec2);

        PassReport report = harness.pass(env, network);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(driftedFields(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of("Subnet", "private"), Action.CREATE, List.of("vpc", "zone", "cidr", "public", "tags")),
                tuple(ResourceKey.of("Subnet", "public"), Action.UPDATE, List.of("public")),
                tuple(ResourceKey.of("NatGateway", "egress"), Action.UPDATE, List.of("tags")),
                tuple(ResourceKey.of("RouteTable", "public"), Action.UPDATE, List.of("routes", "subnets")),
                tuple(ResourceKey.of("RouteTable", "private"), Action.UPDATE, List.of("subnets")));
        Subnet recreated = subnet(ec2, "private").orElseThrow();
        assertThat(recreated.subnetId()).isNotEqualTo(deletedSubnetId);
        assertThat(recreated.cidrBlock()).isEqualTo("10.30.2.0/24");
        assertThat(recreated.availabilityZone()).isEqualTo("us-east-1b");
        assertThat(associatedSubnets(routeTable(ec2, "private").orElseThrow())).containsExactly(recreated.subnetId());
        RouteTable pubTable = routeTable(ec2, "public").orElseThrow();
        assertThat(createdRoutes(pubTable)).extracting(Route::destinationCidrBlock, r -> r.gatewayId().startsWith("igw-"))
                .containsExactly(tuple("0.0.0.0/0", true));
        assertThat(associatedSubnets(pubTable)).containsExactly(subnet(ec2, "public").orElseThrow().subnetId());
        assertThat(subnet(ec2, "public").orElseThrow().mapPublicIpOnLaunch()).isTrue();
        assertThat(tags(natGateway(ec2).orElseThrow().tags())).containsEntry("Name", "egress");
        assertThat(harness.pass(env, network).detected().isEmpty()).isTrue();
    }

    @Test
    void observe_reportsTheSameDriftAndChangesNothing() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        makeDrift(ec2);
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(observeOnly, network);

        assertThat(driftedFields(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of("Subnet", "private"), Action.CREATE, List.of("vpc", "zone", "cidr", "public", "tags")),
                tuple(ResourceKey.of("Subnet", "public"), Action.UPDATE, List.of("public")),
                tuple(ResourceKey.of("NatGateway", "egress"), Action.UPDATE, List.of("tags")),
                tuple(ResourceKey.of("RouteTable", "public"), Action.UPDATE, List.of("routes", "subnets")),
                tuple(ResourceKey.of("RouteTable", "private"), Action.UPDATE, List.of("subnets")));
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(subnet(ec2, "private")).isEmpty();
        RouteTable pubTable = routeTable(ec2, "public").orElseThrow();
        assertThat(createdRoutes(pubTable)).isEmpty();
        assertThat(associatedSubnets(pubTable)).isEmpty();
        assertThat(associatedSubnets(routeTable(ec2, "private").orElseThrow())).isEmpty();
        assertThat(subnet(ec2, "public").orElseThrow().mapPublicIpOnLaunch()).isFalse();
        assertThat(tags(natGateway(ec2).orElseThrow().tags())).doesNotContainKey("Name");
    }

    @Test
    void subnetWithSameNameButNoOwnershipTags_isNeverChangedOrDeleted_evenWithPrune() {
        harness.pass(pruning, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String vpcId = subnet(ec2, "private").orElseThrow().vpcId();
        Subnet foreign = ec2.createSubnet(r -> r.vpcId(vpcId).availabilityZone("us-east-1c").cidrBlock("10.30.9.0/24")
                        .tagSpecifications(Ec2Tags.specification(ResourceType.SUBNET,
                                Map.of("Name", "private", "team", "platform"))))
                .subnet();
        long mutationsBefore = harness.mutatingCalls();

        PassReport full = harness.pass(pruning, network);
        PassReport withoutPrivateTier = harness.pass(pruning, List.of(vpc, publicSubnet, nat, publicRoutes));

        assertThat(full.detected().isEmpty()).as(full.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls() - mutationsBefore).as("only the managed private tier is pruned").isEqualTo(3);
        assertThat(withoutPrivateTier.detected().changes()).extracting(Change::key, Change::action).containsExactly(
                tuple(ResourceKey.of("RouteTable", "private"), Action.DELETE),
                tuple(ResourceKey.of("Subnet", "private"), Action.DELETE));
        Subnet after = ec2.describeSubnets(r -> r.subnetIds(foreign.subnetId())).subnets().get(0);
        assertThat(tags(after.tags())).isEqualTo(Map.of("Name", "private", "team", "platform"));
        assertThat(after.cidrBlock()).isEqualTo("10.30.9.0/24");
        assertThat(after.mapPublicIpOnLaunch()).isFalse();
        assertThat(subnet(ec2, "private")).isEmpty();
    }

    /**
     * Twins made out of band (a VPC and a subnet carrying the tags of managed ones, as a create retried
     * after a lost answer leaves them): each identity is reported as a conflict naming both AWS ids, in
     * the plan and the metrics, and neither object is changed or deleted, even with prune on and the
     * subnet gone from the spec.
     */
    @Test
    void twinsMadeOutOfBand_areReportedAsConflicts_andNeitherIsChangedOrDeleted_evenWithPrune() {
        harness.pass(pruning, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String vpcId = subnet(ec2, "private").orElseThrow().vpcId();
        String subnetId = subnet(ec2, "private").orElseThrow().subnetId();
        String twinVpc = ec2.createVpc(r -> r.cidrBlock("10.30.0.0/16")
                .tagSpecifications(Ec2Tags.specification(ResourceType.VPC, ownership("Vpc/main", "main")))).vpc().vpcId();
        String twinSubnet = ec2.createSubnet(r -> r.vpcId(vpcId).availabilityZone("us-east-1c").cidrBlock("10.30.9.0/24")
                .tagSpecifications(Ec2Tags.specification(ResourceType.SUBNET, ownership("Subnet/private", "private"))))
                .subnet().subnetId();
        long mutationsBefore = harness.mutatingCalls();

        PassReport declared = harness.pass(pruning, network);
        PassReport undeclared = harness.pass(pruning, List.of(vpc, publicSubnet, nat, publicRoutes, privateRoutes));

        assertThat(declared.remaining().changes()).filteredOn(c -> c.action() == Action.CONFLICT)
                .extracting(Change::key, Change::note).containsExactlyInAnyOrder(
                        tuple(ResourceKey.of("Vpc", "main"), "2 AWS objects carry Vpc/main: " + vpcId + ", " + twinVpc
                                + "; none is changed or deleted until all but one are removed or retagged"),
                        tuple(ResourceKey.of("Subnet", "private"), "2 AWS objects carry Subnet/private: " + subnetId + ", "
                                + twinSubnet + "; none is changed or deleted until all but one are removed or retagged"));
        assertThat(undeclared.remaining().changes()).filteredOn(c -> c.key().equals(ResourceKey.of("Subnet", "private")))
                .extracting(Change::action).containsExactly(Action.CONFLICT);
        assertThat(harness.metric("converge.conflict.resources", "environment", "it", "kind", "Vpc")).isEqualTo(1);
        assertThat(harness.metric("converge.conflict.resources", "environment", "it", "kind", "Subnet")).isEqualTo(1);
        assertThat(harness.mutatingCalls()).as("nothing was changed").isEqualTo(mutationsBefore);
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId, twinVpc)).vpcs()).hasSize(2)
                .allSatisfy(v -> assertThat(tags(v.tags())).isEqualTo(ownership("Vpc/main", "main")));
        assertThat(ec2.describeSubnets(r -> r.subnetIds(subnetId, twinSubnet)).subnets()).hasSize(2)
                .allSatisfy(s -> assertThat(tags(s.tags())).containsAllEntriesOf(ownership("Subnet/private", "private")));
    }

    @Test
    void pruneOn_deletesRouteTableRemovedFromSpec() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String tableId = routeTable(ec2, "private").orElseThrow().routeTableId();
        String subnetId = subnet(ec2, "private").orElseThrow().subnetId();

        PassReport report = harness.pass(pruning, List.of(vpc, publicSubnet, privateSubnet, nat, publicRoutes));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.detected().changes()).extracting(Change::key, Change::action)
                .containsExactly(tuple(ResourceKey.of("RouteTable", "private"), Action.DELETE));
        assertThat(ec2.describeRouteTables(r -> r.filters(Filter.builder().name("route-table-id").values(tableId).build()))
                .routeTables()).isEmpty();
        assertThat(ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.subnet-id").values(subnetId).build()))
                .routeTables()).isEmpty();
    }

    @Test
    void pruneOff_reportsRouteTableRemovedFromSpecAsOrphanAndKeepsIt() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String subnetId = subnet(ec2, "private").orElseThrow().subnetId();
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, List.of(vpc, publicSubnet, privateSubnet, nat, publicRoutes));

        assertThat(report.detected().changes()).extracting(Change::key, Change::action)
                .containsExactly(tuple(ResourceKey.of("RouteTable", "private"), Action.ORPHAN));
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        RouteTable kept = routeTable(ec2, "private").orElseThrow();
        assertThat(associatedSubnets(kept)).containsExactly(subnetId);
        assertThat(createdRoutes(kept)).hasSize(1);
    }

    @Test
    void enforce_movesSubnetBackFromAnotherTableAndRetargetsRoute() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        Subnet priv = subnet(ec2, "private").orElseThrow();
        String otherTable = ec2.createRouteTable(r -> r.vpcId(priv.vpcId())).routeTable().routeTableId();
        ec2.replaceRouteTableAssociation(r -> r.associationId(subnetAssociation(routeTable(ec2, "private").orElseThrow()))
                .routeTableId(otherTable));
        Resource directToInternet = resource(RouteTableSpec.KIND, "private", new RouteTableSpec("main",
                List.of(new RouteSpec("0.0.0.0/0", true, null, null)), List.of("private"), Map.of(), null));

        PassReport report = harness.pass(env, List.of(vpc, publicSubnet, privateSubnet, nat, publicRoutes, directToInternet));

        assertThat(report.success()).as(report.toString()).isTrue();
        RouteTable privTable = routeTable(ec2, "private").orElseThrow();
        assertThat(associatedSubnets(privTable)).containsExactly(priv.subnetId());
        assertThat(createdRoutes(privTable)).extracting(Route::destinationCidrBlock, r -> r.gatewayId() != null && r.gatewayId().startsWith("igw-"))
                .containsExactly(tuple("0.0.0.0/0", true));
        assertThat(associatedSubnets(ec2.describeRouteTables(r -> r.routeTableIds(otherTable)).routeTables().get(0))).isEmpty();
    }

    @Test
    void routeToInternetGateway_failsClearly_whenVpcHasNone() {
        Resource vpcWithoutGateway = resource(VpcSpec.KIND, "main", new VpcSpec("10.30.0.0/16", null, null, false, Map.of(), null));

        PassReport report = harness.pass(env, List.of(vpcWithoutGateway, publicSubnet, publicRoutes));

        assertThat(report.success()).isFalse();
        assertThat(report.outcomes()).filteredOn(o -> o.change().key().equals(publicRoutes.key()))
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.error()).contains("internet gateway", "internetGateway: true"));
        assertThat(routeTable(harness.aws(env).ec2(), "public")).isEmpty();
    }

    @Test
    void createNatGateway_reusesElasticIpLeftByAnInterruptedCreate() {
        Ec2Client ec2 = harness.aws(env).ec2();
        String leftover = ec2.allocateAddress(r -> r.domain(DomainType.VPC).tagSpecifications(
                Ec2Tags.specification(ResourceType.ELASTIC_IP, ownership("NatGateway/egress", "egress")))).allocationId();

        PassReport report = harness.pass(env, network);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(natGateway(ec2).orElseThrow().natGatewayAddresses().get(0).allocationId()).isEqualTo(leftover);
        assertThat(ec2.describeAddresses(r -> r.filters(resourceTag("NatGateway/egress"))).addresses()).hasSize(1);
    }

    @Test
    void pruneOn_deletesNatGatewayAndReleasesItsElasticIp() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String allocationId = natGateway(ec2).orElseThrow().natGatewayAddresses().get(0).allocationId();

        PassReport report = harness.pass(pruning, List.of(vpc, publicSubnet, privateSubnet, publicRoutes));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(natGateway(ec2)).isEmpty();
        assertThat(ec2.describeAddresses(r -> r.filters(Filter.builder().name("allocation-id").values(allocationId).build()))
                .addresses()).isEmpty();
    }

    /**
     * Out-of-band changes: the private subnet deleted (its association first, as AWS does implicitly),
     * the public default route deleted, the public subnet's association removed and its public IP mapping
     * turned off, the NAT gateway's Name tag removed.
     */
    private void makeDrift(Ec2Client ec2) {
        ec2.modifySubnetAttribute(r -> r.subnetId(subnet(ec2, "public").orElseThrow().subnetId()).mapPublicIpOnLaunch(b -> b.value(false)));
        RouteTable privTable = routeTable(ec2, "private").orElseThrow();
        ec2.disassociateRouteTable(r -> r.associationId(subnetAssociation(privTable)));
        ec2.deleteSubnet(r -> r.subnetId(subnet(ec2, "private").orElseThrow().subnetId()));
        RouteTable pubTable = routeTable(ec2, "public").orElseThrow();
        ec2.deleteRoute(r -> r.routeTableId(pubTable.routeTableId()).destinationCidrBlock("0.0.0.0/0"));
        ec2.disassociateRouteTable(r -> r.associationId(subnetAssociation(pubTable)));
        ec2.deleteTags(r -> r.resources(natGateway(ec2).orElseThrow().natGatewayId()).tags(t -> t.key("Name")));
    }

    private static List<Tuple> driftedFields(PassReport report) {
        return report.detected().changes().stream()
                .map(c -> tuple(c.key(), c.action(), c.fields().stream().map(FieldChange::field).toList()))
                .toList();
    }

    private static Resource resource(String kind, String name, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "it", Map.of(), spec);
    }

    private static Map<String, String> ownership(String resourceKey, String name) {
        return Map.of("Name", name, "converge:managed-by", Harness.CONTROLLER, "converge:environment", "it",
                "converge:resource", resourceKey, "team", "platform");
    }

    private static Filter resourceTag(String resourceKey) {
        return Filter.builder().name("tag:converge:resource").values(resourceKey).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return Ec2Tags.toMap(tags);
    }

    private static Optional<Subnet> subnet(Ec2Client ec2, String name) {
        return ec2.describeSubnets(r -> r.filters(resourceTag("Subnet/" + name))).subnets().stream().findFirst();
    }

    private static Optional<RouteTable> routeTable(Ec2Client ec2, String name) {
        return ec2.describeRouteTables(r -> r.filters(resourceTag("RouteTable/" + name))).routeTables().stream().findFirst();
    }

    /** moto ignores tag filters on NAT gateways and keeps deleted ones, so both are checked here. */
    private static Optional<NatGateway> natGateway(Ec2Client ec2) {
        return ec2.describeNatGateways(r -> r.filter(resourceTag("NatGateway/egress"))).natGateways().stream()
                .filter(g -> "NatGateway/egress".equals(tags(g.tags()).get("converge:resource")))
                .filter(g -> !g.stateAsString().equals("deleted"))
                .findFirst();
    }

    private static List<Route> createdRoutes(RouteTable table) {
        return table.routes().stream().filter(r -> !"local".equals(r.gatewayId())).toList();
    }

    private static List<String> associatedSubnets(RouteTable table) {
        return table.associations().stream()
                .filter(a -> !Boolean.TRUE.equals(a.main()) && a.subnetId() != null)
                .map(RouteTableAssociation::subnetId)
                .toList();
    }

    private static String subnetAssociation(RouteTable table) {
        return table.associations().stream()
                .filter(a -> a.subnetId() != null)
                .map(RouteTableAssociation::routeTableAssociationId)
                .findFirst()
                .orElseThrow();
    }
}
