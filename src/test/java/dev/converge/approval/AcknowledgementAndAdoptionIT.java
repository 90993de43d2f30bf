package dev.converge.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.ec2.Ec2Tags;
import dev.converge.engine.PassReport;
import dev.converge.model.Acknowledgement;
import dev.converge.model.ApprovalPolicy;
import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import dev.converge.testing.Harness;
import dev.converge.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Acknowledged drift left in place while its day lasts and corrected after, and adoption of existing
 * objects without Converge's tags, against moto with the state read back.
 */
class AcknowledgementAndAdoptionIT {

    private static final Environment ENV = Harness.environment("safety", Mode.ENFORCE);
    private static final String TOMORROW = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    private static final String YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

    @TempDir
    Path dir;

    private final Resource vpc = new Resource(ResourceKey.of(VpcSpec.KIND, "main"), ENV.name(), Map.of(),
            new VpcSpec("10.60.0.0/16", null, null, false, Map.of(), null));
    private Harness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void driftAcknowledgedUntilTomorrow_isLeftAndReportedAsAcknowledged_andOnceTheDayIsPast_itIsCorrected() {
        harness = new Harness();
        assertThat(harness.pass(ENV, List.of(vpc, web(Management.DEFAULT, null))).success()).isTrue();
        String id = groupsOf("web").get(0).groupId();
        harness.aws(ENV).ec2().authorizeSecurityGroupIngress(r -> r.groupId(id)
                .ipPermissions(IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                        .ipRanges(range -> range.cidrIp("10.9.0.0/16")).build()));

        PassReport acknowledged = harness.pass(ENV, List.of(vpc, web(acknowledging(TOMORROW), null)));

        assertThat(acknowledged.success()).as(acknowledged.toString()).isTrue();
        assertThat(acknowledged.outcomes()).isEmpty();
        assertThat(ports(groupsOf("web").get(0))).containsExactlyInAnyOrder(22, 443);
        assertThat(acknowledged.remaining().changes()).isEmpty();
        assertThat(acknowledged.remaining().acknowledged()).singleElement().satisfies(drift -> {
            assertThat(drift.key()).isEqualTo(ResourceKey.of(SecurityGroupSpec.KIND, "web"));
            assertThat(drift.fields()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo(SecurityGroupSpec.INGRESS));
            assertThat(drift.reason()).isEqualTo("bastion migration");
            assertThat(drift.until()).isEqualTo(TOMORROW);
        });
        assertThat(harness.metric("converge.drift.resources", "environment", ENV.name(), "kind", SecurityGroupSpec.KIND)).isZero();
        assertThat(harness.metric("converge.acknowledged.drift.resources", "environment", ENV.name(), "kind", SecurityGroupSpec.KIND))
                .isEqualTo(1);

        PassReport expired = harness.pass(ENV, List.of(vpc, web(acknowledging(YESTERDAY), null)));

        assertThat(expired.success()).as(expired.toString()).isTrue();
        assertThat(expired.detected().changes()).singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
        assertThat(ports(groupsOf("web").get(0))).containsExactly(443);
        assertThat(expired.remaining().acknowledged()).isEmpty();
    }

    @Test
    void anUntaggedSecurityGroup_isAdoptedById_keepingItsId_withTagsAndDeclaredRules() {
        harness = new Harness();
        assertThat(harness.pass(ENV, List.of(vpc)).success()).isTrue();
        Ec2Client ec2 = harness.aws(ENV).ec2();
        String vpcId = ec2.describeVpcs(r -> r.filters(f -> f.name("tag:converge:resource").values("Vpc/main"))).vpcs().get(0).vpcId();
        String legacy = ec2.createSecurityGroup(r -> r.groupName("legacy-web").description("legacy web").vpcId(vpcId)).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(legacy).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(80).toPort(80).ipRanges(range -> range.cidrIp("0.0.0.0/0")).build()));
        Resource adopting = web(new Management(null, false, List.of(), null, List.of(), legacy), "legacy web");

        Plan plan = harness.plan(ENV, List.of(vpc, adopting));

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.ADOPT);
            assertThat(c.observed().awsId()).isEqualTo(legacy);
            assertThat(c.fields()).extracting(f -> f.field()).containsExactlyInAnyOrder(SecurityGroupSpec.INGRESS, "tags");
        });

        PassReport adopted = harness.pass(ENV, List.of(vpc, adopting));

        assertThat(adopted.success()).as(adopted.toString()).isTrue();
        List<SecurityGroup> web = groupsOf("web");
        assertThat(web).singleElement().satisfies(group -> {
            assertThat(group.groupId()).isEqualTo(legacy);
            assertThat(Ec2Tags.toMap(group.tags())).containsEntry(Ownership.MANAGED_BY, Harness.CONTROLLER)
                    .containsEntry(Ownership.ENVIRONMENT, ENV.name()).containsEntry(Ownership.RESOURCE, "SecurityGroup/web");
            assertThat(ports(group)).containsExactly(443);
        });
        assertThat(adopted.remaining().changes()).isEmpty();
        assertThat(harness.pass(ENV, List.of(vpc, adopting)).outcomes()).isEmpty();
    }

    @Test
    void anExistingBucket_isAdoptedByName_onceApproved_whereTheEnvironmentRequiresApprovalForAdopt() {
        ApprovalLedger ledger = new ApprovalLedger(new FileApprovalStore(dir.resolve("approvals.json")), Duration.ofHours(1),
                new MovableClock());
        harness = new Harness(ledger);
        Environment env = ENV.withApproval(new ApprovalPolicy(List.of("adopt")));
        S3Client s3 = harness.aws(env).s3();
        s3.createBucket(r -> r.bucket("acme-safety-legacy"));
        s3.putBucketTagging(r -> r.bucket("acme-safety-legacy").tagging(t -> t.tagSet(Tag.builder().key("owner").value("data-team").build())));
        Resource bucket = new Resource(ResourceKey.of(BucketSpec.KIND, "acme-safety-legacy"), env.name(), Map.of(),
                new BucketSpec(null, true, null, null, null, null, Map.of(),
                        new Management(null, false, List.of(), null, List.of(), "acme-safety-legacy")));

        PassReport held = harness.pass(env, List.of(bucket));

        assertThat(held.outcomes()).isEmpty();
        Change awaiting = held.remaining().changes().get(0);
        assertThat(awaiting.action()).isEqualTo(Action.AWAITING_APPROVAL);
        assertThat(awaiting.approval().step()).isEqualTo(Action.ADOPT);
        assertThat(bucketTags(s3)).doesNotContainKey(Ownership.RESOURCE);

        ledger.approve(awaiting.approval().id(), "alice");
        PassReport adopted = harness.pass(env, List.of(bucket));

        assertThat(adopted.success()).as(adopted.toString()).isTrue();
        assertThat(bucketTags(s3)).containsEntry(Ownership.RESOURCE, "Bucket/acme-safety-legacy")
                .containsEntry(Ownership.ENVIRONMENT, env.name())
                .containsEntry("owner", "data-team");
        assertThat(s3.getBucketVersioning(r -> r.bucket("acme-safety-legacy")).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(adopted.remaining().changes()).isEmpty();
    }

    private static Management acknowledging(String until) {
        return new Management(null, false, List.of(), null,
                List.of(new Acknowledgement(List.of(SecurityGroupSpec.INGRESS), "bastion migration", until)), null);
    }

    private Resource web(Management management, String description) {
        return new Resource(ResourceKey.of(SecurityGroupSpec.KIND, "web"), ENV.name(), Map.of(),
                new SecurityGroupSpec("main", description, List.of(new SecurityGroupSpec.RuleSpec("tcp", "443",
                        new SecurityGroupSpec.PeerSpec("10.0.0.0/8", null, null), null, null, null)), null, Map.of(), management));
    }

    private List<SecurityGroup> groupsOf(String name) {
        return harness.aws(ENV).ec2().describeSecurityGroups(r -> r.filters(f -> f.name("tag:converge:resource")
                .values(SecurityGroupSpec.KIND + "/" + name))).securityGroups();
    }

    private static List<Integer> ports(SecurityGroup group) {
        return group.ipPermissions().stream().map(IpPermission::fromPort).toList();
    }

    private static Map<String, String> bucketTags(S3Client s3) {
        return s3.getBucketTagging(r -> r.bucket("acme-safety-legacy")).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
