package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.Mode;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.NetworkAclSpec.EntrySpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.FieldChange;
import dev.converge.testing.Harness;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * Network ACLs for a public and an app tier converged against moto and read back: entries, associations,
 * tags, the VPC's default ACL untouched; drift undone (an entry added and one changed by hand, a subnet
 * moved back to the default ACL), the same drift only reported in observe mode, subnets moved between
 * ACLs in one call each, and prune handing subnets back to the default ACL before deleting. moto drops
 * an entry's ICMP type and code, so ICMP types are covered by {@code NetworkAclEntriesTest} on AWS-shaped
 * entries.
 */
class NetworkAclDriverIT {

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Environment observeOnly = Harness.environment("it", Mode.OBSERVE);
    private final Environment pruning = Harness.pruning(env);

    private final Resource vpc = resource(VpcSpec.KIND, "main", new VpcSpec("10.40.0.0/16", null, null, false, Map.of(), null));
    private final Resource publicSubnet = resource(SubnetSpec.KIND, "public",
            new SubnetSpec("main", "us-east-1a", "10.40.1.0/24", true, Map.of(), null));
    private final Resource appSubnet = resource(SubnetSpec.KIND, "app",
            new SubnetSpec("main", "us-east-1b", "10.40.2.0/24", false, Map.of(), null));

    private final List<EntrySpec> publicInbound = List.of(
            new EntrySpec(100, "tcp", "443", null, null, "0.0.0.0/0", "allow"),
            new EntrySpec(110, "6", "1024-65535", null, null, "0.0.0.0/0", "allow"),
            new EntrySpec(120, "icmp", null, null, null, "0.0.0.0/0", "allow"),
            new EntrySpec(130, "tcp", "22", null, null, "203.0.113.0/24", "allow"));
    private final List<EntrySpec> allOut = List.of(new EntrySpec(100, "all", null, null, null, "0.0.0.0/0", "allow"));
    private final Resource publicAcl = acl("public", publicInbound, List.of("public"));
    private final Resource appAcl = acl("app", List.of(
            new EntrySpec(100, "tcp", "8080", null, null, "10.40.1.0/24", "allow"),
            new EntrySpec(110, "tcp", "22", null, null, "10.40.1.0/24", "allow"),
            new EntrySpec(200, "all", null, null, null, "0.0.0.0/0", "deny")), List.of("app"));
    private final List<Resource> network = List.of(vpc, publicSubnet, appSubnet, publicAcl, appAcl);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesAclsFromEmpty_withEntriesAssociationsAndTags_andLeavesTheDefaultAclAlone() {
        Ec2Client ec2 = harness.aws(env).ec2();

        PassReport report = harness.pass(env, network);

        assertThat(report.success()).as(report.toString()).isTrue();
        NetworkAcl pub = acl(ec2, "public").orElseThrow();
        assertThat(entries(pub, false)).containsExactly(
                tuple(100, "6", RuleAction.ALLOW, "0.0.0.0/0", 443, 443, null, null),
                tuple(110, "6", RuleAction.ALLOW, "0.0.0.0/0", 1024, 65535, null, null),
                // Converge sends ICMP type and code -1 (any), as AWS requires for protocol 1; moto drops them.
                tuple(120, "1", RuleAction.ALLOW, "0.0.0.0/0", null, null, null, null),
                tuple(130, "6", RuleAction.ALLOW, "203.0.113.0/24", 22, 22, null, null));
        assertThat(entries(pub, true)).containsExactly(tuple(100, "-1", RuleAction.ALLOW, "0.0.0.0/0", null, null, null, null));
        assertThat(subnetsOf(pub)).containsExactly(subnetId(ec2, "public"));
        assertThat(Ec2Tags.toMap(pub.tags())).containsEntry("converge:resource", "NetworkAcl/public")
                .containsEntry("converge:managed-by", Harness.CONTROLLER).containsEntry("Name", "public").containsEntry("team", "platform");
        NetworkAcl app = acl(ec2, "app").orElseThrow();
        assertThat(entries(app, false)).extracting(t -> t.toList().get(0)).containsExactly(100, 110, 200);
        assertThat(subnetsOf(app)).containsExactly(subnetId(ec2, "app"));
        NetworkAcl defaultAcl = defaultAcl(ec2, pub.vpcId());
        assertThat(defaultAcl.tags()).isEmpty();
        assertThat(defaultAcl.entries()).allMatch(e -> e.ruleNumber() == 32767 || e.ruleNumber() == 100);
        assertThat(subnetsOf(defaultAcl)).isEmpty();
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        assertThat(harness.pass(env, network).success()).isTrue();
        long mutations = harness.mutatingCalls();

        PassReport second = harness.pass(env, network);

        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
    }

    @Test
    void enforce_undoesAnEntryAddedAndOneChangedByHand_andTakesBackASubnetMovedToTheDefaultAcl() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        makeDrift(ec2);

        PassReport report = harness.pass(env, network);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of(NetworkAclSpec.KIND, "public"), Action.UPDATE, List.of(NetworkAclSpec.INBOUND)),
                tuple(ResourceKey.of(NetworkAclSpec.KIND, "app"), Action.UPDATE, List.of(NetworkAclSpec.SUBNETS)));
        FieldChange inbound = report.detected().changes().stream()
                .filter(c -> c.key().name().equals("public")).findFirst().orElseThrow().fields().get(0);
        assertThat(inbound.added()).extracting(Object::toString).containsExactly("130 allow tcp 22 203.0.113.0/24");
        assertThat(inbound.removed()).extracting(Object::toString)
                .containsExactlyInAnyOrder("90 allow tcp 22 0.0.0.0/0", "130 allow tcp 22 0.0.0.0/0");
        NetworkAcl pub = acl(ec2, "public").orElseThrow();
        assertThat(entries(pub, false)).extracting(t -> t.toList().get(0)).containsExactly(100, 110, 120, 130);
        assertThat(entries(pub, false)).contains(tuple(130, "6", RuleAction.ALLOW, "203.0.113.0/24", 22, 22, null, null));
        assertThat(harness.metric("converge.aws.api.calls", "operation", "ReplaceNetworkAclEntry")).isEqualTo(1);
        assertThat(harness.metric("converge.aws.api.calls", "operation", "DeleteNetworkAclEntry")).isEqualTo(1);
        assertThat(subnetsOf(acl(ec2, "app").orElseThrow())).containsExactly(subnetId(ec2, "app"));
        assertThat(harness.pass(env, network).detected().isEmpty()).isTrue();
    }

    @Test
    void observe_reportsTheSameDriftAndChangesNothing() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        makeDrift(ec2);
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(observeOnly, network);

        assertThat(drifted(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of(NetworkAclSpec.KIND, "public"), Action.UPDATE, List.of(NetworkAclSpec.INBOUND)),
                tuple(ResourceKey.of(NetworkAclSpec.KIND, "app"), Action.UPDATE, List.of(NetworkAclSpec.SUBNETS)));
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(entries(acl(ec2, "public").orElseThrow(), false)).extracting(t -> t.toList().get(0)).contains(90);
        assertThat(subnetsOf(acl(ec2, "app").orElseThrow())).isEmpty();
    }

    @Test
    void aSubnetMovedToAnotherAclInTheSpec_movesInOneCall_neverThroughTheDefaultAcl() {
        harness.pass(env, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        double before = harness.metric("converge.aws.api.calls", "operation", "ReplaceNetworkAclAssociation");
        List<Resource> moved = List.of(vpc, publicSubnet, appSubnet,
                acl("public", publicInbound, List.of("public", "app")), acl("app", List.of(), List.of()));

        PassReport report = harness.pass(env, moved);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(subnetsOf(acl(ec2, "public").orElseThrow())).containsExactlyInAnyOrder(subnetId(ec2, "public"), subnetId(ec2, "app"));
        assertThat(subnetsOf(acl(ec2, "app").orElseThrow())).isEmpty();
        assertThat(harness.metric("converge.aws.api.calls", "operation", "ReplaceNetworkAclAssociation") - before).isEqualTo(1);
        assertThat(harness.pass(env, moved).detected().isEmpty()).isTrue();
    }

    @Test
    void pruneOn_handsTheSubnetsBackToTheDefaultAcl_thenDeletesTheAcl() {
        harness.pass(pruning, network);
        Ec2Client ec2 = harness.aws(env).ec2();
        String vpcId = acl(ec2, "app").orElseThrow().vpcId();

        PassReport report = harness.pass(pruning, List.of(vpc, publicSubnet, appSubnet, publicAcl));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(NetworkAclSpec.KIND, "app"), Action.DELETE, List.of()));
        assertThat(acl(ec2, "app")).isEmpty();
        assertThat(subnetsOf(defaultAcl(ec2, vpcId))).containsExactly(subnetId(ec2, "app"));
        assertThat(subnetsOf(acl(ec2, "public").orElseThrow())).containsExactly(subnetId(ec2, "public"));
    }

    @Test
    void pruneOff_reportsAnAclRemovedFromTheSpecAsOrphanAndKeepsIt() {
        harness.pass(env, network);

        PassReport report = harness.pass(env, List.of(vpc, publicSubnet, appSubnet, publicAcl));

        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(NetworkAclSpec.KIND, "app"), Action.ORPHAN, List.of()));
        assertThat(subnetsOf(acl(harness.aws(env).ec2(), "app").orElseThrow())).hasSize(1);
    }

    /** An entry added by hand, another changed by hand (same rule number), and the app subnet moved to the default ACL. */
    private void makeDrift(Ec2Client ec2) {
        NetworkAcl pub = acl(ec2, "public").orElseThrow();
        ec2.createNetworkAclEntry(r -> r.networkAclId(pub.networkAclId()).ruleNumber(90).egress(false).protocol("6")
                .ruleAction(RuleAction.ALLOW).cidrBlock("0.0.0.0/0").portRange(p -> p.from(22).to(22)));
        ec2.replaceNetworkAclEntry(r -> r.networkAclId(pub.networkAclId()).ruleNumber(130).egress(false).protocol("6")
                .ruleAction(RuleAction.ALLOW).cidrBlock("0.0.0.0/0").portRange(p -> p.from(22).to(22)));
        NetworkAcl app = acl(ec2, "app").orElseThrow();
        String defaultAcl = defaultAcl(ec2, app.vpcId()).networkAclId();
        ec2.replaceNetworkAclAssociation(r -> r.associationId(app.associations().get(0).networkAclAssociationId())
                .networkAclId(defaultAcl));
    }

    private static Resource acl(String name, List<EntrySpec> inbound, List<String> subnets) {
        return resource(NetworkAclSpec.KIND, name, new NetworkAclSpec("main", inbound,
                List.of(new EntrySpec(100, "all", null, null, null, "0.0.0.0/0", "allow")), subnets, Map.of(), null));
    }

    private static Resource resource(String kind, String name, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "it", Map.of(), spec);
    }

    private static List<Tuple> drifted(PassReport report) {
        return report.detected().changes().stream()
                .map(c -> tuple(c.key(), c.action(), c.fields().stream().map(FieldChange::field).toList()))
                .toList();
    }

    /** The entries someone created, by rule number: AWS's catch-all 32767 is left out. */
    private static List<Tuple> entries(NetworkAcl acl, boolean egress) {
        return acl.entries().stream()
                .filter(e -> e.egress() == egress && e.ruleNumber() < 32767)
                .sorted(java.util.Comparator.comparing(NetworkAclEntry::ruleNumber))
                .map(e -> tuple(e.ruleNumber(), e.protocol(), e.ruleAction(), e.cidrBlock(),
                        e.portRange() == null ? null : e.portRange().from(), e.portRange() == null ? null : e.portRange().to(),
                        e.icmpTypeCode() == null ? null : e.icmpTypeCode().type(), e.icmpTypeCode() == null ? null : e.icmpTypeCode().code()))
                .toList();
    }

    private static Optional<NetworkAcl> acl(Ec2Client ec2, String name) {
        Filter tag = Filter.builder().name("tag:converge:resource").values(NetworkAclSpec.KIND + "/" + name).build();
        return ec2.describeNetworkAcls(r -> r.filters(tag)).networkAcls().stream().findFirst();
    }

    private static NetworkAcl defaultAcl(Ec2Client ec2, String vpcId) {
        return ec2.describeNetworkAcls(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build(),
                Filter.builder().name("default").values("true").build())).networkAcls().get(0);
    }

    private static List<String> subnetsOf(NetworkAcl acl) {
        return acl.associations().stream().map(NetworkAclAssociation::subnetId).toList();
    }

    private static String subnetId(Ec2Client ec2, String name) {
        Filter tag = Filter.builder().name("tag:converge:resource").values(SubnetSpec.KIND + "/" + name).build();
        return ec2.describeSubnets(r -> r.filters(tag)).subnets().get(0).subnetId();
    }
}
