package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Environment;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The comparison of declared zones and instance types with what the region offers. Zone names are
 * AWS-shaped, including a Local Zone the account has opted into, which DescribeAvailabilityZones then
 * lists like any zone.
 */
class RegionOfferChecksTest {

    private static final Environment ENV = new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, false, Map.of());
    private static final Resource SUBNET_A = subnet("app-a", "us-east-1a");
    private static final Resource SUBNET_BOS = subnet("edge", "us-east-1-bos-1a");
    private static final Resource SUBNET_G = subnet("app-g", "us-east-1g");
    private static final Resource SMALL = template("web", "t3.small");
    private static final Resource HUGE = template("big", "m5.96xlarge");
    private static final List<Resource> ALL = List.of(SUBNET_A, SUBNET_BOS, SUBNET_G, SMALL, HUGE);

    @Test
    void asksForZonesOnlyWhenASubnetNamesOne_andForEveryDeclaredType() {
        assertThat(RegionOfferChecks.wanted(ALL)).isEqualTo(new RegionOffer.Wanted(true, Set.of("t3.small", "m5.96xlarge")));
        assertThat(RegionOfferChecks.wanted(List.of(SMALL))).isEqualTo(new RegionOffer.Wanted(false, Set.of("t3.small")));
        assertThat(RegionOfferChecks.wanted(List.of()).nothing()).isTrue();
    }

    @Test
    void refusesAZoneAndATypeTheRegionDoesNotOffer_withWhatItDoesOffer() {
        RegionOffer offer = new RegionOffer("us-east-1",
                Optional.of(new TreeSet<>(Set.of("us-east-1a", "us-east-1b", "us-east-1-bos-1a"))),
                Map.of("t3.small", true, "m5.96xlarge", false));

        assertThat(RegionOfferChecks.refusals(ENV, ALL, offer)).containsExactly(
                Map.entry(SUBNET_G.key(), "environment prod, Subnet/app-g: spec.zone 'us-east-1g' is not a zone of us-east-1"
                        + " for this account; its zones are us-east-1-bos-1a, us-east-1a, us-east-1b"),
                Map.entry(HUGE.key(), "environment prod, LaunchTemplate/big: spec.instanceType 'm5.96xlarge' is not an"
                        + " instance type offered in us-east-1; choose one it offers (aws ec2 describe-instance-type-offerings"
                        + " --region us-east-1)"));
    }

    @Test
    void refusesNothingItCouldNotLookUp() {
        RegionOffer unknown = new RegionOffer("us-east-1", Optional.empty(), Map.of("t3.small", true));

        assertThat(RegionOfferChecks.refusals(ENV, ALL, unknown)).isEmpty();
    }

    private static Resource subnet(String name, String zone) {
        return new Resource(ResourceKey.of(SubnetSpec.KIND, name), "prod", Map.of(),
                new SubnetSpec("main", zone, "10.0.0.0/24", false, Map.of(), null));
    }

    private static Resource template(String name, String type) {
        return new Resource(ResourceKey.of(LaunchTemplateSpec.KIND, name), "prod", Map.of(),
                new LaunchTemplateSpec("ami-12c6146b", type, List.of(), null, null, List.of(), Map.of(), null));
    }
}
