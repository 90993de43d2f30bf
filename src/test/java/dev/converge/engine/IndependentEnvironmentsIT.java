package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.iam.IamCheck;
import dev.converge.model.Ownership;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * One environment whose AWS answers are held back (its region's requests wait in the proxy until the
 * test releases them) and one whose answers come at once: the scheduled ticks keep converging the fast
 * one while the slow one's first pass is still in progress.
 */
@QuarkusTest
@QuarkusTestResource(value = SlowEnvironmentResource.class, restrictToAnnotatedClass = true)
class IndependentEnvironmentsIT {

    /** Every AWS call this application made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: fast}
            spec: {region: us-east-1, mode: enforce}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: fast}
            spec: {cidr: 10.71.0.0/16}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: slow}
            spec: {region: us-west-2, mode: enforce}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: slow}
            spec: {cidr: 10.72.0.0/16}
            """;

    @Inject
    Controller controller;

    @Inject
    MeterRegistry registry;

    @Test
    void aStuckEnvironment_doesNotDelayTheOthersPasses() {
        SlowEnvironmentResource.proxy.hold("us-west-2");

        // Ticks keep coming while the slow pass hangs; a tick that finds fast's pass still finishing skips it.
        awaitTrue(() -> {
            controller.startPasses();
            return passes("fast") >= 3;
        });

        assertThat(passes("fast")).isGreaterThanOrEqualTo(3);
        assertThat(passes("slow")).as("the slow environment's first pass is still in progress").isZero();
        assertThat(SlowEnvironmentResource.proxy.held()).as("its AWS requests are waiting in the proxy").isPositive();
        assertThat(vpcs(Region.US_EAST_1)).isEqualTo(1);

        SlowEnvironmentResource.proxy.release();

        awaitTrue(() -> passes("slow") == 1);
        assertThat(controller.lastPasses().get("slow").report().success()).as(controller.lastPasses().get("slow").report().toString()).isTrue();
        assertThat(vpcs(Region.US_WEST_2)).isEqualTo(1);
    }

    private double passes(String environment) {
        return registry.find("converge.reconcile").tag("environment", environment).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Converge's VPCs in a region of moto, read directly, not through the proxy. */
    private static int vpcs(Region region) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(Moto.server().endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator"))).build()) {
            return ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:" + Ownership.RESOURCE).values("Vpc/main").build()))
                    .vpcs().size();
        }
    }

    /** Passes run in the background: wait, within a bound, for what they do to show. */
    private static void awaitTrue(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("still waiting after a minute").isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
