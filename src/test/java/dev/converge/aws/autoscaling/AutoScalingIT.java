package dev.converge.aws.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.converge.aws.ec2.Ec2Tags;
import dev.converge.engine.PassReport;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.Environment;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.LaunchTemplateSpec.BlockDevice;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.FieldChange;
import dev.converge.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

class AutoScalingIT {

    /** Two of the images moto ships in every region. */
    private static final String AMI = "ami-12c6146b";
    private static final String NEW_AMI = "ami-1e749f67";
    private static final String USER_DATA = "#!/bin/sh\necho api\n";

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void onePassFromEmpty_createsTheTemplateAndTheGroup_asDeclared() {
        PassReport report = harness.pass(env, fleet(AMI, null));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.remaining().isEmpty()).as(report.remaining().toString()).isTrue();
        LaunchTemplate template = template();
        assertThat(template.launchTemplateName()).isEqualTo("it-api");
        assertThat(Ec2Tags.toMap(template.tags())).containsEntry("converge:resource", "LaunchTemplate/api")
                .containsEntry("converge:managed-by", "converge").containsEntry("team", "platform");
        ResponseLaunchTemplateData data = latestVersion().launchTemplateData();
        assertThat(data.imageId()).isEqualTo(AMI);
        assertThat(data.instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(data.securityGroupIds()).containsExactly(groupId("api"));
        assertThat(new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8)).isEqualTo(USER_DATA);
        assertThat(data.blockDeviceMappings()).singleElement().satisfies(device -> {
            assertThat(device.deviceName()).isEqualTo("/dev/xvda");
            assertThat(device.ebs().volumeSize()).isEqualTo(20);
            assertThat(device.ebs().volumeTypeAsString()).isEqualTo("gp3");
            assertThat(device.ebs().encrypted()).isTrue();
        });
        // moto also copies the template's own tag specification into its data
        assertThat(data.tagSpecifications()).filteredOn(t -> !t.resourceTypeAsString().equals("launch-template"))
                .extracting(t -> t.resourceTypeAsString() + " " + new TreeMap<>(Ec2Tags.toMap(t.tags())))
                .containsExactly("instance {Name=api, team=platform}", "volume {Name=api, team=platform}");

        AutoScalingGroup group = group();
        assertThat(group.minSize()).isEqualTo(2);
        assertThat(group.maxSize()).isEqualTo(4);
        assertThat(group.desiredCapacity()).isEqualTo(2);
        assertThat(group.launchTemplate().launchTemplateId()).isEqualTo(template.launchTemplateId());
        assertThat(group.launchTemplate().version()).isEqualTo("$Latest");
        assertThat(Set.of(group.vpcZoneIdentifier().split(","))).containsExactlyInAnyOrder(subnetId("app-a"), subnetId("app-b"));
        assertThat(group.healthCheckType()).isEqualTo("EC2");
        assertThat(group.healthCheckGracePeriod()).isEqualTo(60);
        assertThat(group.terminationPolicies()).containsExactly("OldestInstance");
        assertThat(group.tags()).filteredOn(t -> t.key().equals("service"))
                .singleElement().extracting(TagDescription::propagateAtLaunch).isEqualTo(true);
        assertThat(group.tags()).filteredOn(t -> t.key().startsWith("converge:"))
                .hasSize(3).allMatch(t -> !t.propagateAtLaunch());
        assertThat(inService(group)).isEqualTo(2);
        assertThat(instances(group)).allSatisfy(instance -> {
            assertThat(instance.imageId()).isEqualTo(AMI);
            assertThat(Ec2Tags.toMap(instance.tags())).containsEntry("service", "api").doesNotContainKey("converge:resource");
        });
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        harness.pass(env, fleet(AMI, null));
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, fleet(AMI, null));

        assertThat(second.success()).isTrue();
        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    @Test
    void maxSizeChangedOutOfBand_isReportedAndPutBack() {
        harness.pass(env, fleet(AMI, null));
        autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName("it-api").maxSize(9));

        PassReport report = harness.pass(env, fleet(AMI, null));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(driftedFields(report)).containsOnly(entry("AutoScalingGroup/api", List.of("maxSize")));
        assertThat(group().maxSize()).isEqualTo(4);
        assertThat(group().desiredCapacity()).isEqualTo(2);
    }

    @Test
    void templateVersionMadeOutOfBand_isReplacedByANewVersionWithTheDeclaredContent() {
        harness.pass(env, fleet(AMI, null));
        Ec2Client ec2 = harness.aws(env).ec2();
        String id = template().launchTemplateId();
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("1")
                .launchTemplateData(d -> d.imageId(AMI).instanceType("t3.large")));
        ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion("2"));

        PassReport report = harness.pass(env, fleet(AMI, null));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(driftedFields(report).get("LaunchTemplate/api")).contains("instanceType");
        LaunchTemplate template = template();
        assertThat(template.latestVersionNumber()).isEqualTo(3);
        assertThat(template.defaultVersionNumber()).isEqualTo(3);
        ResponseLaunchTemplateData data = latestVersion().launchTemplateData();
        assertThat(data.instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(data.securityGroupIds()).containsExactly(groupId("api"));
        assertThat(inService(group())).isEqualTo(2);
        assertThat(report.remaining().isEmpty()).as(report.remaining().toString()).isTrue();
    }

    /**
     * Why the driver compares what instances run and not only their template version: moto reports every
     * instance on the template's current default version, whichever version it was launched from.
     */
    @Test
    void moto_reportsInstancesOnTheTemplatesDefaultVersion_whicheverVersionLaunchedThem() {
        harness.pass(env, fleet(AMI, null));
        Ec2Client ec2 = harness.aws(env).ec2();
        String id = template().launchTemplateId();
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(d -> d.imageId(NEW_AMI).instanceType("t3.small")));
        ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion("2"));

        AutoScalingGroup group = group();

        assertThat(group.instances()).hasSize(2).allSatisfy(i -> assertThat(i.launchTemplate().version()).isEqualTo("2"));
        assertThat(instances(group)).allSatisfy(i -> assertThat(i.imageId()).isEqualTo(AMI));
    }

    @Test
    void groupAndTemplateRemovedFromTheSpec_withPruneOn_areDeleted_groupFirst() {
        harness.pass(env, fleet(AMI, null));
        List<Resource> network = fleet(AMI, null).stream()
                .filter(r -> !r.kind().equals(AutoScalingGroupSpec.KIND) && !r.kind().equals(LaunchTemplateSpec.KIND))
                .toList();
        Environment pruning = Harness.pruning(env);

        PassReport report = harness.pass(pruning, network);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.detected().changes()).extracting(c -> c.action() + " " + c.key())
                .containsExactly("DELETE AutoScalingGroup/api", "DELETE LaunchTemplate/api");
        assertThat(autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("it-api")).autoScalingGroups()).isEmpty();
        assertThat(harness.aws(env).ec2().describeLaunchTemplates(r -> r.filters(tagFilter("LaunchTemplate/api"))).launchTemplates())
                .isEmpty();
    }

    @Test
    void desiredCapacityMovedInsideTheLimits_isNotDrift_andIsLeftAlone() {
        harness.pass(env, fleet(AMI, null));
        autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName("it-api").desiredCapacity(3));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, fleet(AMI, null));

        assertThat(report.detected().isEmpty()).as(report.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(group().desiredCapacity()).isEqualTo(3);
        assertThat(inService(group())).isEqualTo(3);
    }

    @Test
    void newLimits_moveTheDesiredCapacityOnlyAsFarAsTheyMust() {
        harness.pass(env, fleet(AMI, null));

        PassReport report = harness.pass(env, withLimits(fleet(AMI, null), 3, 5));

        assertThat(report.success()).as(report.toString()).isTrue();
        AutoScalingGroup group = group();
        assertThat(group.minSize()).isEqualTo(3);
        assertThat(group.maxSize()).isEqualTo(5);
        assertThat(group.desiredCapacity()).isEqualTo(3);
        assertThat(inService(group)).isEqualTo(3);
    }

    /**
     * Without user data: moto stores the user data of CreateLaunchTemplateVersion in a form its own Auto
     * Scaling then fails to launch from (an HTTP 500 after the old instance was already detached).
     */
    @Test
    void amiChange_makesANewTemplateVersion_andRollsTheFleetOverPasses_neverBelowMinimum() {
        harness.pass(env, fleet(AMI, 3, null));
        List<String> original = instances(group()).stream().map(Instance::instanceId).toList();

        List<Long> onNewImageAfterEachPass = new ArrayList<>();
        for (int pass = 0; pass < 5 && onNewImageAfterEachPass.lastIndexOf(3L) < 0; pass++) {
            PassReport report = harness.pass(env, fleet(NEW_AMI, 3, null));
            assertThat(report.success()).as(report.toString()).isTrue();
            AutoScalingGroup group = group();
            assertThat(inService(group)).as("in service after pass %d", pass).isGreaterThanOrEqualTo(2);
            assertThat(group.desiredCapacity()).isEqualTo(3);
            onNewImageAfterEachPass.add(instances(group).stream().filter(i -> i.imageId().equals(NEW_AMI)).count());
        }

        assertThat(onNewImageAfterEachPass).hasSizeGreaterThan(1).isSorted().endsWith(3L);
        assertThat(onNewImageAfterEachPass.get(0)).isLessThan(3L);
        assertThat(template().latestVersionNumber()).isEqualTo(2);
        assertThat(latestVersion().launchTemplateData().imageId()).isEqualTo(NEW_AMI);
        assertThat(instances(group())).extracting(Instance::instanceId).doesNotContainAnyElementsOf(original);
        PassReport settled = harness.pass(env, fleet(NEW_AMI, 3, null));
        assertThat(settled.detected().isEmpty()).as(settled.detected().toString()).isTrue();
    }

    /**
     * With the production guards (the harness's default): a fleet of nine rolls one instance per round,
     * so the same step is needed on pass after pass. The group is observed as rolling, which is progress,
     * not something reverting Converge, so it is never flagged as flapping or held back, and it finishes.
     */
    @Test
    void amiChange_onAFleetThatTakesSeveralPasses_isNeverFlaggedAsFlapping_andFinishes() {
        harness.pass(env, withLimits(fleet(AMI, 9, null), 2, 10));

        int passes = 0;
        long onNewImage = 0;
        while (onNewImage < 9 && passes < 8) {
            PassReport report = harness.pass(env, withLimits(fleet(NEW_AMI, 9, null), 2, 10));
            passes++;
            assertThat(report.success()).as(report.toString()).isTrue();
            assertThat(report.flapping()).as("pass %d", passes).isEmpty();
            assertThat(harness.metric("converge.resource.flapping", "name", "api")).isZero();
            assertThat(report.remaining().changes()).noneMatch(c -> c.note() != null && c.note().contains("backed off"));
            onNewImage = instances(group()).stream().filter(i -> i.imageId().equals(NEW_AMI)).count();
        }

        assertThat(passes).as("the roll needs the same step on more passes than the loop threshold").isGreaterThanOrEqualTo(3);
        assertThat(onNewImage).isEqualTo(9);
        assertThat(inService(group())).isEqualTo(9);
        PassReport settled = harness.pass(env, withLimits(fleet(NEW_AMI, 9, null), 2, 10));
        assertThat(settled.detected().isEmpty()).as(settled.detected().toString()).isTrue();
    }

    @Test
    void observeMode_reportsDriftAndASpecChange_andChangesNothing() {
        harness.pass(env, fleet(AMI, null));
        autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName("it-api").maxSize(9));
        List<String> instancesBefore = instances(group()).stream().map(Instance::instanceId).toList();
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(Harness.environment("it", Mode.OBSERVE), fleet(NEW_AMI, null));

        assertThat(driftedFields(report)).containsOnly(
                entry("LaunchTemplate/api", List.of("ami")), entry("AutoScalingGroup/api", List.of("maxSize")));
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(group().maxSize()).isEqualTo(9);
        assertThat(template().latestVersionNumber()).isEqualTo(1);
        assertThat(instances(group())).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(instancesBefore);
    }

    private static Map<String, List<String>> driftedFields(PassReport report) {
        assertThat(report.detected().changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
        return report.detected().changes().stream().collect(Collectors.toMap(
                c -> c.key().toString(), c -> c.fields().stream().map(FieldChange::field).toList()));
    }

    private AutoScalingClient autoScaling() {
        return harness.aws(env).autoScaling();
    }

    private AutoScalingGroup group() {
        return autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("it-api")).autoScalingGroups().get(0);
    }

    private static long inService(AutoScalingGroup group) {
        return group.instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")).count();
    }

    private List<Instance> instances(AutoScalingGroup group) {
        List<String> ids = group.instances().stream().map(i -> i.instanceId()).toList();
        return harness.aws(env).ec2().describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .toList();
    }

    private LaunchTemplate template() {
        return harness.aws(env).ec2().describeLaunchTemplates(r -> r.launchTemplateNames("it-api")).launchTemplates().get(0);
    }

    private LaunchTemplateVersion latestVersion() {
        return harness.aws(env).ec2().describeLaunchTemplateVersions(r -> r.launchTemplateName("it-api").versions("$Latest"))
                .launchTemplateVersions().get(0);
    }

    private String groupId(String name) {
        return harness.aws(env).ec2().describeSecurityGroups(r -> r.filters(tagFilter("SecurityGroup/" + name)))
                .securityGroups().get(0).groupId();
    }

    private String subnetId(String name) {
        return harness.aws(env).ec2().describeSubnets(r -> r.filters(tagFilter("Subnet/" + name))).subnets().get(0).subnetId();
    }

    private static Filter tagFilter(String resource) {
        return Filter.builder().name("tag:converge:resource").values(resource).build();
    }

    /** A VPC with two app subnets, the api group, its template and its fleet of 2 to 4 instances. */
    private static List<Resource> fleet(String ami, Integer desiredCapacity) {
        return fleet(ami, desiredCapacity, USER_DATA);
    }

    private static List<Resource> fleet(String ami, Integer desiredCapacity, String userData) {
        return List.of(
                resource(VpcSpec.KIND, "main", new VpcSpec("10.40.0.0/16", null, null, null, Map.of(), Management.DEFAULT)),
                resource(SubnetSpec.KIND, "app-a", new SubnetSpec("main", "us-east-1a", "10.40.1.0/24", false, Map.of(), null)),
                resource(SubnetSpec.KIND, "app-b", new SubnetSpec("main", "us-east-1b", "10.40.2.0/24", false, Map.of(), null)),
                resource(SecurityGroupSpec.KIND, "api", new SecurityGroupSpec("main", null,
                        List.of(new RuleSpec("tcp", "8080", new PeerSpec("10.40.0.0/16", null, null), null, null, null)),
                        null, Map.of(), null)),
                resource(LaunchTemplateSpec.KIND, "api", new LaunchTemplateSpec(ami, "t3.small", List.of("api"), null, userData,
                        List.of(new BlockDevice("/dev/xvda", 20, "gp3", true, true)), Map.of(), null)),
                resource(AutoScalingGroupSpec.KIND, "api", new AutoScalingGroupSpec("api", List.of("app-a", "app-b"), 2, 4,
                        desiredCapacity, "EC2", 60, null, null, List.of("OldestInstance"), Map.of("service", "api"), null)));
    }

    private static List<Resource> withLimits(List<Resource> fleet, int min, int max) {
        return fleet.stream().map(r -> {
            if (!(r.spec() instanceof AutoScalingGroupSpec g)) {
                return r;
            }
            return resource(AutoScalingGroupSpec.KIND, r.name(), new AutoScalingGroupSpec(g.launchTemplate(), g.subnets(), min, max,
                    g.desiredCapacity(), g.healthCheckType(), g.healthCheckGracePeriod(), g.targetGroupArns(), g.targetGroups(),
                    g.terminationPolicies(), g.tags(), g.management()));
        }).toList();
    }

    private static Resource resource(String kind, String name, dev.converge.model.KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "it", Map.of(), spec);
    }
}
