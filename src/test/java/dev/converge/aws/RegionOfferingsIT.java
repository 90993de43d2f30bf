package dev.converge.aws;

import dev.converge.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.plan.RegionOffer;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a region offers, as moto answers it: us-east-1 and us-west-2 from its static zone table, instance
 * types from its copy of AWS's offerings. Answers are kept per account and region for an hour.
 */
class RegionOfferingsIT {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AwsClientFactory factory = new AwsClientFactory(
            new AwsSettings(Optional.of(Moto.server().endpoint()), "us-east-1", Duration.ofSeconds(60), Harness.RESILIENCE), registry);
    private final MovableClock clock = new MovableClock();
    private final RegionOfferings offerings = new RegionOfferings(clock);
    private final Environment east = Harness.environment("east", Mode.ENFORCE);
    private final Environment west = new Environment("west", "us-west-2", null, null, Mode.ENFORCE, false, Map.of());
    private final AwsClients eastClients = factory.clientsFor(east);
    private final AwsClients westClients = factory.clientsFor(west);
    private final RegionOffer.Wanted wanted = new RegionOffer.Wanted(true, Set.of("t3.small", "m5.96xlarge"));

    @AfterEach
    void close() {
        eastClients.close();
        westClients.close();
    }

    @Test
    void theZonesEnabledForTheAccountAndWhetherEachDeclaredTypeIsOffered() {
        RegionOffer offer = offerings.offer(east, eastClients, wanted);

        assertThat(offer.zones()).hasValueSatisfying(zones -> assertThat(zones)
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"));
        assertThat(offer.instanceTypes()).containsExactlyInAnyOrderEntriesOf(Map.of("t3.small", true, "m5.96xlarge", false));
        assertThat(offerings.offer(west, westClients, wanted).zones()).hasValueSatisfying(zones -> assertThat(zones)
                .containsExactly("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"));
    }

    @Test
    void answersAreKeptAnHourPerAccountAndRegion_andOnlyNewTypesAreAskedAbout() {
        offerings.offer(east, eastClients, wanted);
        offerings.offer(east, eastClients, wanted);
        assertThat(calls("DescribeAvailabilityZones")).isEqualTo(1);
        assertThat(calls("DescribeInstanceTypeOfferings")).isEqualTo(1);

        offerings.offer(east, eastClients, new RegionOffer.Wanted(true, Set.of("t3.small", "c7g.large")));
        assertThat(calls("DescribeInstanceTypeOfferings")).as("c7g.large is new").isEqualTo(2);
        offerings.offer(west, westClients, wanted);
        assertThat(calls("DescribeAvailabilityZones")).as("another region").isEqualTo(2);

        clock.advance(RegionOfferings.TTL.plusSeconds(1));
        offerings.offer(east, eastClients, wanted);
        assertThat(calls("DescribeAvailabilityZones")).as("looked up again after an hour").isEqualTo(3);
        assertThat(calls("DescribeInstanceTypeOfferings")).isEqualTo(4);
    }

    @Test
    void noZoneLookupWhenNoResourceNamesAZone() {
        RegionOffer offer = offerings.offer(east, eastClients, new RegionOffer.Wanted(false, Set.of("t3.small")));

        assertThat(offer.zones()).isEmpty();
        assertThat(calls("DescribeAvailabilityZones")).isZero();
    }

    private double calls(String operation) {
        return registry.find("converge.aws.api.calls").tag("operation", operation).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
