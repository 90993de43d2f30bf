package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.testing.Harness;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;

class SecurityGroupDriverIT {

    private static final String ANYWHERE = "0.0.0.0/0";

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Resource vpc = new Resource(ResourceKey.of(VpcSpec.KIND, "main"), "it", Map.of(),
            new VpcSpec("10.30.0.0/16", null, null, null, Map.of(), Management.DEFAULT));

    /** A three-tier layout where alb and api allow each other, so neither can be created with its rules. */
    private final List<Resource> tiers = List.of(
            vpc,
            group("alb",
                    List.of(from("tcp", "443", cidr(ANYWHERE), "https"), from("tcp", "80", cidr(ANYWHERE), "http")),
                    List.of(to("tcp", "8080", peer("api")))),
            group("api", List.of(from("tcp", "8080", peer("alb"), null)), null),
            group("worker", List.of(), null),
            group("bastion", List.of(from("tcp", "22", cidr("203.0.113.0/24"), "office ssh")), null),
            group("db",
                    List.of(from("tcp", "3306", peer("api"), null), from("tcp", "3306", peer("worker"), null),
                            from("tcp", "3306", peer("bastion"), null)),
                    List.of()));

    /** The tiers' rules as moto must hold them: AWS's default egress stays only where egress is undeclared. */
    private static final Map<String, Set<String>> TIER_RULES = Map.of(
            "alb", Set.of("ingress tcp 443 0.0.0.0/0 \"https\"", "ingress tcp 80 0.0.0.0/0 \"http\"", "egress tcp 8080 api"),
            "api", Set.of("ingress tcp 8080 alb", "egress all 0.0.0.0/0"),
            "worker", Set.of("egress all 0.0.0.0/0"),
            "bastion", Set.of("ingress tcp 22 203.0.113.0/24 \"office ssh\"", "egress all 0.0.0.0/0"),
            "db", Set.of("ingress tcp 3306 api", "ingress tcp 3306 worker", "ingress tcp 3306 bastion"));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void onePassFromEmpty_createsGroupsThatReferToEachOther_withExactlyTheDeclaredRules() {
        PassReport first = harness.pass(env, tiers);

        assertThat(first.success()).as(first.toString()).isTrue();
        assertThat(first.remaining().isEmpty()).as(first.remaining().toString()).isTrue();
        assertThat(liveRules()).isEqualTo(TIER_RULES);
        SecurityGroup api = managedGroup("api");
        assertThat(api.groupName()).isEqualTo("it-api");
        assertThat(api.description()).isEqualTo("Managed by Converge: api");
        assertThat(api.vpcId()).isEqualTo(vpcId());
        assertThat(Ec2Tags.toMap(api.tags())).containsEntry("Name", "api")
                .containsEntry("converge:managed-by", "converge")
                .containsEntry("converge:environment", "it")
                .containsEntry("converge:resource", "SecurityGroup/api")
                .containsEntry("team", "platform");
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        harness.pass(env, tiers);
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, tiers);

        assertThat(second.success()).isTrue();
        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    @Test
    void driftedRulesAndTags_areReportedAsFieldUpdates_andUndoneByTheNextPass() {
        harness.pass(env, tiers);
        driftOutOfBand();

        PassReport report = harness.pass(env, tiers);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(driftedFields(report)).containsOnly(
                entry("api", List.of("ingress")), entry("bastion", List.of("ingress")), entry("db", List.of("tags")));
        assertThat(fieldChange(report, "bastion", "ingress").removed())
                .containsExactly(dev.converge.model.SecurityGroupRule.of("tcp", "22", ANYWHERE, null));
        assertThat(fieldChange(report, "api", "ingress").added())
                .containsExactly(dev.converge.model.SecurityGroupRule.of("tcp", "8080", "SecurityGroup/alb", null));
        assertThat(liveRules()).isEqualTo(TIER_RULES);
        assertThat(Ec2Tags.toMap(managedGroup("db").tags())).containsEntry("team", "platform");
    }

    @Test
    void observeMode_reportsTheSameDrift_andLeavesItInPlace() {
        harness.pass(env, tiers);
        driftOutOfBand();
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(Harness.environment("it", Mode.OBSERVE), tiers);

        assertThat(driftedFields(report)).containsOnly(
                entry("api", List.of("ingress")), entry("bastion", List.of("ingress")), entry("db", List.of("tags")));
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        Map<String, Set<String>> live = liveRules();
        assertThat(live.get("api")).containsExactly("egress all 0.0.0.0/0");
        assertThat(live.get("bastion")).contains("ingress tcp 22 0.0.0.0/0");
        assertThat(Ec2Tags.toMap(managedGroup("db").tags())).doesNotContainKey("team");
    }

    @Test
    void groupWithoutOwnershipTags_isNeverChanged_evenWithTheSameNameTagAndRules() {
        harness.pass(env, tiers);
        Ec2Client ec2 = harness.aws(env).ec2();
        String foreignId = ec2.createSecurityGroup(r -> r.groupName("api").description("hand-made api").vpcId(vpcId())
                        .tagSpecifications(t -> t.resourceType("security-group").tags(
                                tag("Name", "api"), tag("converge:environment", "it"),
                                tag("converge:resource", "SecurityGroup/api"))))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(foreignId).ipPermissions(
                p -> p.ipProtocol("tcp").fromPort(8080).toPort(8080).userIdGroupPairs(g -> g.groupId(managedGroup("alb").groupId())),
                p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(i -> i.cidrIp(ANYWHERE))));
        Set<String> foreignRules = rulesOf(ec2, List.of(foreignId), Map.of()).get(foreignId);
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, tiers);

        assertThat(report.detected().isEmpty()).as(report.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(rulesOf(ec2, List.of(foreignId), Map.of()).get(foreignId))
                .isEqualTo(foreignRules)
                .contains("ingress tcp 22 0.0.0.0/0");
        assertThat(managedGroup("api").groupId()).isNotEqualTo(foreignId);
    }

    @Test
    void rulesWrittenInOtherForms_compareEqualToAwsRepresentation_soTheSecondPassChangesNothing() {
        Resource mixed = group("mixed",
                List.of(from("6", "443", cidr("010.001.0.0/16"), "https"),
                        from("TCP", "8000-8100", cidr(" 10.2.0.0/16"), ""),
                        from("17", "53", cidr("10.3.0.0/16"), null),
                        from("icmp", "8-0", cidr("10.4.0.0/16"), null),
                        from("-1", "80", cidr("10.5.0.0/16"), null),
                        from("tcp", "22", cidr("2001:DB8::/32"), "v6")),
                List.of(to("all", null, cidr(ANYWHERE))));
        PassReport first = harness.pass(env, List.of(vpc, mixed));
        assertThat(first.success()).as(first.toString()).isTrue();
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, List.of(vpc, mixed));

        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
        assertThat(liveRules().get("mixed")).containsExactlyInAnyOrder(
                "ingress tcp 443 10.1.0.0/16 \"https\"",
                "ingress tcp 8000-8100 10.2.0.0/16",
                "ingress udp 53 10.3.0.0/16",
                "ingress icmp 8-0 10.4.0.0/16",
                "ingress all 10.5.0.0/16",
                "ingress tcp 22 2001:db8::/32 \"v6\"",
                "egress all 0.0.0.0/0");
    }

    /** "Allow ping": EC2 carries an ICMP type and code in the port fields, -1 for any code. */
    @Test
    void icmpRulesByTypeAndCode_areCreatedAsEc2Holds_andThenLeftAlone() {
        Resource ping = group("ping",
                List.of(new RuleSpec("icmp", null, 8, 0, cidr("10.6.0.0/16"), null, "ping", null),
                        new RuleSpec("icmp", null, 3, null, cidr("10.7.0.0/16"), null, null, null)),
                null);
        PassReport first = harness.pass(env, List.of(vpc, ping));
        assertThat(first.success()).as(first.toString()).isTrue();
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, List.of(vpc, ping));

        assertThat(liveRules().get("ping")).containsExactlyInAnyOrder(
                "ingress icmp 8-0 10.6.0.0/16 \"ping\"", "ingress icmp 3--1 10.7.0.0/16", "egress all 0.0.0.0/0");
        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    /** An operator revokes api's only rule, opens SSH on bastion to the world and drops a tag from db. */
    private void driftOutOfBand() {
        Ec2Client ec2 = harness.aws(env).ec2();
        String apiId = managedGroup("api").groupId();
        List<String> apiIngress = ec2.describeSecurityGroupRules(r -> r.filters(groupIdFilter(List.of(apiId))))
                .securityGroupRules().stream()
                .filter(rule -> !rule.isEgress())
                .map(SecurityGroupRule::securityGroupRuleId)
                .toList();
        ec2.revokeSecurityGroupIngress(r -> r.groupId(apiId).securityGroupRuleIds(apiIngress));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(managedGroup("bastion").groupId())
                .ipPermissions(p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(i -> i.cidrIp(ANYWHERE))));
        ec2.deleteTags(r -> r.resources(managedGroup("db").groupId()).tags(tag("team", null)));
    }

    private static Map<String, List<String>> driftedFields(PassReport report) {
        assertThat(report.detected().changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
        return report.detected().changes().stream().collect(Collectors.toMap(
                c -> c.key().name(), c -> c.fields().stream().map(FieldChange::field).toList()));
    }

    private static FieldChange fieldChange(PassReport report, String group, String field) {
        Change change = report.detected().changes().stream().filter(c -> c.key().name().equals(group)).findFirst().orElseThrow();
        return change.fields().stream().filter(f -> f.field().equals(field)).findFirst().orElseThrow();
    }

    /** Every managed group's rules read back from moto, by spec name, with managed peer groups by name. */
    private Map<String, Set<String>> liveRules() {
        Ec2Client ec2 = harness.aws(env).ec2();
        Map<String, String> names = new HashMap<>();
        ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:converge:managed-by").values("converge").build()))
                .securityGroups()
                .forEach(g -> names.put(g.groupId(), Ec2Tags.toMap(g.tags()).get("Name")));
        Map<String, Set<String>> byName = new TreeMap<>();
        rulesOf(ec2, names.keySet(), names).forEach((id, rules) -> byName.put(names.get(id), rules));
        return byName;
    }

    private static Map<String, Set<String>> rulesOf(Ec2Client ec2, Collection<String> groupIds, Map<String, String> names) {
        Map<String, Set<String>> rules = new TreeMap<>();
        groupIds.forEach(id -> rules.put(id, new TreeSet<>()));
        ec2.describeSecurityGroupRules(r -> r.filters(groupIdFilter(groupIds))).securityGroupRules()
                .forEach(rule -> rules.get(rule.groupId()).add(render(rule, names)));
        return rules;
    }

    private static String render(SecurityGroupRule rule, Map<String, String> names) {
        String protocol = rule.ipProtocol().equals("-1") ? "all" : rule.ipProtocol();
        String ports = protocol.equals("all") ? ""
                : rule.fromPort().equals(rule.toPort()) ? " " + rule.fromPort() : " " + rule.fromPort() + "-" + rule.toPort();
        String peer = rule.cidrIpv4() != null ? rule.cidrIpv4()
                : rule.cidrIpv6() != null ? rule.cidrIpv6()
                : rule.prefixListId() != null ? rule.prefixListId()
                : names.getOrDefault(rule.referencedGroupInfo().groupId(), rule.referencedGroupInfo().groupId());
        String description = rule.description() == null || rule.description().isEmpty() ? "" : " \"" + rule.description() + "\"";
        return (rule.isEgress() ? "egress " : "ingress ") + protocol + ports + " " + peer + description;
    }

    private SecurityGroup managedGroup(String name) {
        return harness.aws(env).ec2()
                .describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("tag:converge:resource").values("SecurityGroup/" + name).build(),
                        Filter.builder().name("tag:converge:managed-by").values("converge").build()))
                .securityGroups().get(0);
    }

    private String vpcId() {
        return harness.aws(env).ec2()
                .describeVpcs(r -> r.filters(Filter.builder().name("tag:converge:resource").values("Vpc/main").build()))
                .vpcs().get(0).vpcId();
    }

    private static Filter groupIdFilter(Collection<String> groupIds) {
        return Filter.builder().name("group-id").values(groupIds).build();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Resource group(String name, List<RuleSpec> ingress, List<RuleSpec> egress) {
        return new Resource(ResourceKey.of(SecurityGroupSpec.KIND, name), "it", Map.of(),
                new SecurityGroupSpec("main", null, ingress, egress, Map.of(), Management.DEFAULT));
    }

    private static RuleSpec from(String protocol, String ports, PeerSpec peer, String description) {
        return new RuleSpec(protocol, ports, peer, null, description, null);
    }

    private static RuleSpec to(String protocol, String ports, PeerSpec peer) {
        return new RuleSpec(protocol, ports, null, peer, null, null);
    }

    private static PeerSpec cidr(String block) {
        return new PeerSpec(block, null, null);
    }

    private static PeerSpec peer(String group) {
        return new PeerSpec(null, group, null);
    }
}
