package dev.converge.unmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.AwsClients;
import dev.converge.aws.ec2.Ec2Tags;
import dev.converge.engine.PassReport;
import dev.converge.engine.Reconciler;
import dev.converge.model.Environment;
import dev.converge.model.UnmanagedScope;
import dev.converge.plan.UnmanagedObject;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The unmanaged report against moto: what lives in an environment's VPCs and under its bucket name
 * patterns without Converge's tags is listed, counted, and left exactly as it was.
 */
class UnmanagedReportIT {

    private final Harness harness = new Harness();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void anUntaggedGroupInAManagedVpc_andAnUndeclaredBucketFollowingThePattern_areListed_andLeftUnchanged() throws IOException {
        DesiredState state = spec("""
                unmanaged:
                  report: true
                  bucketNames: ["unm-%1$s-*"]
                """);
        Environment environment = state.environments().get("unm" + run);
        List<dev.converge.model.Resource> resources = state.resourcesOf(environment.name());
        assertThat(harness.pass(environment, resources).success()).isTrue();
        AwsClients aws = harness.aws(environment);
        Ec2Client ec2 = aws.ec2();
        S3Client s3 = aws.s3();
        String vpcId = ec2.describeVpcs(r -> r.filters(tagged("converge:resource", "Vpc/main"), tagged("converge:environment", environment.name())))
                .vpcs().get(0).vpcId();
        String handMade = ec2.createSecurityGroup(r -> r.groupName("hand-made-" + run).description("made in the console")
                .vpcId(vpcId).tagSpecifications(t -> t.resourceType("security-group").tags(tag("Name", "hand-made"))))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(handMade).ipPermissions(p -> p.ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        String strayBucket = "unm-" + run + "-scratch";
        s3.createBucket(r -> r.bucket(strayBucket));
        s3.putBucketVersioning(r -> r.bucket(strayBucket).versioningConfiguration(v -> v.status("Enabled")));
        String otherPattern = "elsewhere-" + run + "-scratch";
        s3.createBucket(r -> r.bucket(otherPattern));
        String someoneElsesConverge = "unm-" + run + "-other-env";
        s3.createBucket(r -> r.bucket(someoneElsesConverge));
        s3.putBucketTagging(r -> r.bucket(someoneElsesConverge).tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("converge:environment").value("other").build())));
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(environment, resources);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.unmanaged().failed()).isEmpty();
        assertThat(report.unmanaged().objects())
                .as("AWS's own default group, main route table and default ACL are not listed; nor the managed group,"
                        + " a bucket outside the pattern or one carrying Converge's tags of another environment")
                .containsExactlyInAnyOrder(
                        new UnmanagedObject("Bucket", strayBucket, null, null),
                        new UnmanagedObject("SecurityGroup", handMade, "hand-made", "main"));
        assertThat(report.unmanaged().kinds()).containsExactly("Subnet", "NatGateway", "RouteTable", "NetworkAcl", "SecurityGroup", "Bucket");
        assertThat(harness.metric("converge.unmanaged.resources", "environment", environment.name(), "kind", "SecurityGroup")).isEqualTo(1);
        assertThat(harness.metric("converge.unmanaged.resources", "environment", environment.name(), "kind", "Bucket")).isEqualTo(1);
        assertThat(registered("Subnet", environment)).as("a kind with nothing unmanaged reads 0").isTrue();
        assertThat(harness.mutatingCalls()).as("the report changes nothing").isEqualTo(mutations);
        var group = ec2.describeSecurityGroups(r -> r.groupIds(handMade)).securityGroups().get(0);
        assertThat(Ec2Tags.toMap(group.tags())).isEqualTo(Map.of("Name", "hand-made"));
        assertThat(group.ipPermissions()).singleElement().satisfies(p -> assertThat(p.ipRanges().get(0).cidrIp()).isEqualTo("0.0.0.0/0"));
        assertThat(s3.getBucketVersioning(r -> r.bucket(strayBucket)).statusAsString()).isEqualTo("Enabled");

        Reconciler.Planned planned = harness.planned(withoutReport(environment), resources);
        assertThat(planned.plan().changes()).isEmpty();
        assertThat(planned.unmanaged().objects()).extracting(UnmanagedObject::awsId).containsExactlyInAnyOrder(strayBucket, handMade);
    }

    @Test
    void withoutTheReport_aPassReadsNothingForIt() throws IOException {
        DesiredState state = spec("");
        Environment environment = state.environments().get("unm" + run);
        harness.pass(environment, state.resourcesOf(environment.name()));
        long groupReads = harness.calls("DescribeSecurityGroups");

        PassReport report = harness.pass(environment, state.resourcesOf(environment.name()));

        assertThat(report.unmanaged()).isNull();
        assertThat(harness.calls("DescribeSecurityGroups") - groupReads).as("observation's one tag-filtered describe").isEqualTo(1);
    }

    private boolean registered(String kind, Environment environment) {
        var gauge = harness.registry().find("converge.unmanaged.resources").tags("environment", environment.name(), "kind", kind).gauge();
        return gauge != null && gauge.value() == 0;
    }

    /** {@code plan --unmanaged} lists them whether or not the environment reports them on its passes. */
    private static Environment withoutReport(Environment environment) {
        return new Environment(environment.name(), environment.region(), environment.accountId(), environment.roleArn(),
                environment.mode(), environment.prune(), environment.tags(), environment.maxDeleteFraction(), environment.externalId(),
                new UnmanagedScope(false, environment.unmanaged().bucketNames()), environment.approval());
    }

    private DesiredState spec(String unmanaged) throws IOException {
        Path file = Files.createTempFile("unmanaged", ".yaml");
        Files.writeString(file, """
                apiVersion: converge.dev/v1alpha1
                kind: Environment
                metadata: {name: unm%1$s}
                spec:
                  region: us-east-1
                %2$s
                ---
                apiVersion: converge.dev/v1alpha1
                kind: Vpc
                metadata: {name: main, environment: unm%1$s}
                spec: {cidr: 10.61.0.0/16}
                ---
                apiVersion: converge.dev/v1alpha1
                kind: SecurityGroup
                metadata: {name: web, environment: unm%1$s}
                spec: {vpc: main, description: web}
                ---
                apiVersion: converge.dev/v1alpha1
                kind: Bucket
                metadata: {name: data, environment: unm%1$s}
                spec: {bucketName: unm-%1$s-data}
                """.formatted(run, unmanaged.formatted(run).indent(2).stripTrailing()));
        return SpecLoader.load(file);
    }

    private static Filter tagged(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
