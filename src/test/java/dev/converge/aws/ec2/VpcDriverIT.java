package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.VpcSpec;
import dev.converge.testing.Harness;
import dev.converge.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

class VpcDriverIT {

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Resource vpc = new Resource(ResourceKey.of(VpcSpec.KIND, "main"), "it", Map.of(),
            new VpcSpec("10.20.0.0/16", true, true, true, Map.of("tier", "network"), Management.DEFAULT));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void createsTaggedVpcWithDnsAndGateway_thenSecondPassChangesNothing() {
        PassReport first = harness.pass(env, List.of(vpc));
        assertThat(first.success()).as(first.toString()).isTrue();

        Ec2Client ec2 = harness.aws(env).ec2();
        Vpc live = managedVpc(ec2);
        assertThat(live.cidrBlock()).isEqualTo("10.20.0.0/16");
        assertThat(Ec2Tags.toMap(live.tags())).containsEntry("Name", "main")
                .containsEntry("converge:managed-by", "converge")
                .containsEntry("converge:environment", "it")
                .containsEntry("converge:resource", "Vpc/main")
                .containsEntry("team", "platform")
                .containsEntry("tier", "network");
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(live.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames().value()).isTrue();
        assertThat(ec2.describeInternetGateways(r -> r.filters(Filter.builder().name("attachment.vpc-id").values(live.vpcId()).build()))
                .internetGateways()).hasSize(1);

        long mutationsAfterFirst = harness.mutatingCalls();
        PassReport second = harness.pass(env, List.of(vpc));
        assertThat(second.success()).isTrue();
        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    @Test
    void gatewayLeftUnattachedByAKilledCreate_isAttached_notTwinned() {
        // What a Converge killed between CreateInternetGateway and AttachInternetGateway leaves behind.
        Ec2Client ec2 = harness.aws(env).ec2();
        String leftOver = ec2.createInternetGateway(r -> r.tagSpecifications(Ec2Tags.specification(ResourceType.INTERNET_GATEWAY,
                        Map.of("converge:managed-by", Harness.CONTROLLER, "converge:environment", "it",
                                "converge:resource", "Vpc/main", "Name", "main"))))
                .internetGateway().internetGatewayId();

        PassReport report = harness.pass(env, List.of(vpc));

        assertThat(report.success()).as(report.toString()).isTrue();
        String vpcId = managedVpc(ec2).vpcId();
        Filter ours = Filter.builder().name("tag:converge:resource").values("Vpc/main").build();
        assertThat(ec2.describeInternetGateways(r -> r.filters(ours)).internetGateways()).singleElement().satisfies(g -> {
            assertThat(g.internetGatewayId()).isEqualTo(leftOver);
            assertThat(g.attachments()).singleElement().satisfies(a -> assertThat(a.vpcId()).isEqualTo(vpcId));
        });
    }

    @Test
    void restoresDnsHostnamesAndRemovedTag() {
        harness.pass(env, List.of(vpc));
        Ec2Client ec2 = harness.aws(env).ec2();
        String vpcId = managedVpc(ec2).vpcId();
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(false)));
        ec2.deleteTags(r -> r.resources(vpcId).tags(t -> t.key("team")));

        PassReport report = harness.pass(env, List.of(vpc));

        assertThat(report.detected().changes()).singleElement().satisfies(c ->
                assertThat(c.fields()).extracting(f -> f.field()).containsExactlyInAnyOrder("enableDnsHostnames", "tags"));
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames().value()).isTrue();
        assertThat(Ec2Tags.toMap(managedVpc(ec2).tags())).containsEntry("team", "platform");
    }

    @Test
    void vpcWithAMalformedResourceTag_isReportedAndIgnored_whileTheRestConverges() {
        // Tagged by hand: this controller's and environment's tags, but no usable converge:resource.
        Ec2Client ec2 = harness.aws(env).ec2();
        List<String> malformed = List.of("Vpc/", "Vpc", "NoSuchKind/main").stream()
                .map(value -> ec2.createVpc(r -> r.cidrBlock("10.99.0.0/16").tagSpecifications(Ec2Tags.specification(
                                ResourceType.VPC, Map.of("converge:managed-by", Harness.CONTROLLER,
                                        "converge:environment", "it", "converge:resource", value)))).vpc().vpcId())
                .toList();
        Environment pruning = new Environment("it", "us-east-1", null, null, Mode.ENFORCE, true, Map.of("team", "platform"));

        PassReport report;
        String log;
        try (LogCapture capture = LogCapture.start()) {
            report = harness.pass(pruning, List.of(vpc));
            log = capture.text();
        }

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(managedVpc(ec2).cidrBlock()).isEqualTo("10.20.0.0/16");
        assertThat(ec2.describeVpcs(r -> r.vpcIds(malformed)).vpcs()).hasSize(3);
        malformed.forEach(id -> assertThat(log).contains("ignoring " + id));
        assertThat(log).contains("'Vpc/' does not name a Vpc");
    }

    private static Vpc managedVpc(Ec2Client ec2) {
        return ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:converge:resource").values("Vpc/main").build()))
                .vpcs().get(0);
    }
}
