package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.converge.aws.AwsClients;
import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A spec whose shapes are all valid offline but that names a zone and an instance type its region does
 * not offer: those resources are neither created nor changed and say why, the ones that need them wait
 * on them, and the rest of the environment converges. moto's zones are a static table (us-east-1a to f)
 * and its instance-type offerings a copy of AWS's per-region list, so both answer as AWS would.
 */
class UnofferedResourcesIT {

    private static final String ZONE_REASON = "environment offers, Subnet/app-g: spec.zone 'us-east-1g' is not a zone of"
            + " us-east-1 for this account; its zones are us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f";
    private static final String TYPE_REASON = "environment offers, LaunchTemplate/big: spec.instanceType 'm5.96xlarge' is not"
            + " an instance type offered in us-east-1; choose one it offers (aws ec2 describe-instance-type-offerings --region us-east-1)";

    private final Harness harness = new Harness();
    private final DesiredState spec = SpecLoader.load(Path.of("src/test/resources/specs/region/offerings.yaml"));
    private final Environment env = spec.environments().get("offers");
    private final List<Resource> resources = spec.resourcesOf("offers");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void planShowsWhyAResourceNamingWhatTheRegionDoesNotOfferWillNotBeCreated() {
        Plan plan = harness.plan(env, resources);

        assertThat(change(plan, "Subnet/app-g").note()).isEqualTo(ZONE_REASON);
        assertThat(change(plan, "LaunchTemplate/big").note()).isEqualTo(TYPE_REASON);
        assertThat(change(plan, "Subnet/app-a").note()).isNull();
        assertThat(harness.mutatingCalls()).isZero();
    }

    @Test
    void aPassSkipsThemWithTheReason_theirDependentsWait_andTheRestConverges() {
        PassReport report = harness.pass(env, resources);

        assertThat(report.outcomes())
                .filteredOn(o -> o.result() == Outcome.Result.SKIPPED)
                .extracting(o -> o.change().key().toString(), Outcome::error)
                .containsExactlyInAnyOrder(
                        tuple("Subnet/app-g", ZONE_REASON),
                        tuple("LaunchTemplate/big", TYPE_REASON),
                        tuple("AutoScalingGroup/web-g", "waiting on Subnet/app-g, which names what its region does not offer"),
                        tuple("AutoScalingGroup/big", "waiting on LaunchTemplate/big, which names what its region does not offer"));
        assertThat(report.outcomes()).filteredOn(o -> o.result() == Outcome.Result.SUCCESS)
                .extracting(o -> o.change().key().toString())
                .containsExactlyInAnyOrder("Vpc/main", "Subnet/app-a", "LaunchTemplate/web", "AutoScalingGroup/web");
        assertThat(report.remaining().changes()).extracting(c -> c.key().toString())
                .containsExactlyInAnyOrder("Subnet/app-g", "LaunchTemplate/big", "AutoScalingGroup/web-g", "AutoScalingGroup/big");

        AwsClients aws = harness.aws(env);
        assertThat(aws.ec2().describeSubnets(r -> r.filters(owned())).subnets())
                .extracting(s -> tag(s.tags()), s -> s.availabilityZone())
                .containsExactly(tuple("Subnet/app-a", "us-east-1a"));
        assertThat(aws.ec2().describeLaunchTemplates(r -> r.filters(owned())).launchTemplates())
                .extracting(t -> tag(t.tags()))
                .containsExactly("LaunchTemplate/web");
        assertThat(aws.autoScaling().describeAutoScalingGroups().autoScalingGroups())
                .extracting(g -> g.tags().stream()
                        .filter(t -> t.key().equals(Ownership.RESOURCE))
                        .map(TagDescription::value)
                        .findFirst())
                .containsExactly(Optional.of("AutoScalingGroup/web"));
    }

    @Test
    void zonesAndOfferingsAreLookedUpOncePerAccountAndRegion_notEveryPass() {
        harness.pass(env, resources);
        double zones = calls("DescribeAvailabilityZones");
        double offerings = calls("DescribeInstanceTypeOfferings");
        assertThat(zones).isEqualTo(1);
        assertThat(offerings).isEqualTo(1);

        PassReport second = harness.pass(env, resources);
        harness.plan(env, resources);

        assertThat(second.outcomes()).filteredOn(o -> o.change().key().equals(ResourceKey.parse("Subnet/app-g")))
                .extracting(Outcome::error).containsExactly(ZONE_REASON);
        assertThat(calls("DescribeAvailabilityZones")).isEqualTo(zones);
        assertThat(calls("DescribeInstanceTypeOfferings")).isEqualTo(offerings);
    }

    private double calls(String operation) {
        return harness.metric("converge.aws.api.calls", "operation", operation);
    }

    private static Change change(Plan plan, String key) {
        return plan.changes().stream().filter(c -> c.key().toString().equals(key)).findFirst().orElseThrow();
    }

    private static Filter owned() {
        return Filter.builder().name("tag:" + Ownership.ENVIRONMENT).values("offers").build();
    }

    private static String tag(List<Tag> tags) {
        return tags.stream().filter(t -> t.key().equals(Ownership.RESOURCE)).map(Tag::value).findFirst().orElse(null);
    }
}
