package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.VpcSpec;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.FaultProxy.Fault;
import dev.converge.testing.CodeObjects;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Converge behind a proxy that throttles, fails and drops AWS calls on their way to moto. What Converge
 * did is read back from moto directly, past the proxy.
 */
class ResilienceIT {

    /** Enough attempts that 30% failing attempts almost never exhaust a call; a breaker that 15% server faults do not trip. */
    private static final ResilienceSettings PATIENT =
            new ResilienceSettings(6, Duration.ofMillis(5), Duration.ofMillis(50), 50, Duration.ofSeconds(30), 50, 10_000);
    /** A breaker that opens after one call's attempts all fail, and half-opens soon. */
    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(2);
    private static final ResilienceSettings TWITCHY =
            new ResilienceSettings(3, Duration.ofMillis(5), Duration.ofMillis(20), 50, WAIT_IN_OPEN, 3, 10_000);
    private static final int MAX_PASSES = 5;

    private final DesiredState specs = SpecLoader.load(Path.of("specs"));
    private final FaultProxy proxy = FaultProxy.start(Moto.server().endpoint(), 42, Duration.ofMillis(50));

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void convergesBothExampleEnvironments_whileThirtyPercentOfCallsAreThrottledOrFail() {
        proxy.inject(Fault.THROTTLE, 0.15).inject(Fault.SERVER_ERROR, 0.10).inject(Fault.RESET, 0.05).inject(Fault.SLOW, 0.05);
        try (Harness harness = new Harness(proxy.endpoint(), PATIENT)) {
            for (Environment environment : specs.environments().values()) {
                PassReport converged = converge(harness, environment);
                assertThat(converged.remaining().isEmpty()).as("remaining: %s", converged.remaining()).isTrue();
            }
            for (Environment environment : specs.environments().values()) {
                // Faults are still injected: a pass may fail to observe, as the first ones did; the next one that
                // succeeds must find nothing to do.
                PassReport again = converge(harness, environment);
                assertThat(again.success()).as("a pass over %s succeeded: %s", environment.name(), again.error()).isTrue();
                assertThat(again.detected().changes()).as("drift after convergence in %s", environment.name()).isEmpty();
                assertManagedStateInMoto(harness, environment);
            }
            long failed = proxy.injected(Fault.THROTTLE) + proxy.injected(Fault.SERVER_ERROR) + proxy.injected(Fault.RESET);
            double seen = harness.metric("converge.aws.transient.failures");
            double retried = harness.metric("resilience4j.retry.calls", "kind", "successful_with_retry");
            System.out.printf("faults injected: %d failing (throttled %d, 5xx %d, reset %d) and %d slow; transient failures seen: "
                            + "%.0f (throttled %.0f, 5xx %.0f, connection %.0f); calls that succeeded after retrying: %.0f, "
                            + "that failed after retrying: %.0f%n",
                    failed, proxy.injected(Fault.THROTTLE), proxy.injected(Fault.SERVER_ERROR), proxy.injected(Fault.RESET),
                    proxy.injected(Fault.SLOW), seen, harness.metric("converge.aws.transient.failures", "reason", "throttled"),
                    harness.metric("converge.aws.transient.failures", "reason", "server_error"),
                    harness.metric("converge.aws.transient.failures", "reason", "connection"), retried,
                    harness.metric("resilience4j.retry.calls", "kind", "failed_with_retry"));
            assertThat(failed).isPositive();
            assertThat(seen).as("every injected failure reached the resilience layer").isGreaterThanOrEqualTo(failed);
            assertThat(harness.metric("converge.aws.transient.failures", "reason", "throttled")).isPositive();
            assertThat(retried).isPositive().isLessThanOrEqualTo(seen);
        }
    }

    @Test
    void anEndpointThatIsDown_failsPassesFastWithTheOpenBreakerNamed_andTheNextPassAfterRecoveryConverges()
            throws InterruptedException {
        Environment prod = specs.environments().get("prod");
        List<Resource> resources = specs.resourcesOf("prod");
        try (Harness harness = new Harness(proxy.endpoint(), TWITCHY)) {
            proxy.stop();
            PassReport refused = timed(() -> harness.pass(prod, resources));
            PassReport rejected = timed(() -> harness.pass(prod, resources));

            assertThat(refused.error()).contains("Connection refused");
            assertThat(rejected.error()).contains("circuit breaker", "environment prod", "AWS sts");
            assertThat(harness.metric("resilience4j.circuitbreaker.state", "name", "prod/sts", "state", "open")).isEqualTo(1);
            assertThat(harness.metric("resilience4j.circuitbreaker.not.permitted.calls", "name", "prod/sts")).isPositive();

            proxy.resume();
            CodeObjects.publishFor(harness, prod, resources);
            Thread.sleep(WAIT_IN_OPEN.plusMillis(500).toMillis());
            PassReport recovered = harness.pass(prod, resources);
            assertThat(recovered.success()).as(recovered.toString()).isTrue();
            assertThat(recovered.remaining().isEmpty()).isTrue();
            assertThat(harness.metric("resilience4j.circuitbreaker.state", "name", "prod/sts", "state", "open")).isZero();
            assertManagedStateInMoto(harness, prod);
        }
    }

    @Test
    void clientErrorsAreReportedAfterOneRequest_whileThrottlingIsRetriedUpToTheLimit() {
        Environment env = Harness.environment("it", Mode.ENFORCE);
        List<Resource> vpc = List.of(new Resource(ResourceKey.of(VpcSpec.KIND, "main"), "it", Map.of(),
                new VpcSpec("10.20.0.0/16", true, true, true, Map.of(), Management.DEFAULT)));
        try (Harness harness = new Harness(proxy.endpoint(), Harness.RESILIENCE)) {
            proxy.inject(Fault.INVALID_PARAMETER, 1.0, "ec2:CreateVpc"::equals);
            PassReport invalid = harness.pass(env, vpc);

            assertThat(invalid.outcomes()).singleElement().satisfies(o -> assertThat(o.error()).contains("InvalidParameterValue"));
            assertThat(proxy.requests("ec2:CreateVpc")).isEqualTo(1);
        }
        // A fresh controller: the one above backs the failed VPC off for a pass, as production does.
        try (Harness harness = new Harness(proxy.endpoint(), Harness.RESILIENCE)) {
            proxy.heal();
            proxy.inject(Fault.THROTTLE, 1.0, "ec2:CreateVpc"::equals);
            PassReport throttled = harness.pass(env, vpc);

            assertThat(throttled.outcomes()).singleElement().satisfies(o -> assertThat(o.error()).contains("RequestLimitExceeded"));
            assertThat(proxy.requests("ec2:CreateVpc")).isEqualTo(1 + Harness.RESILIENCE.maxAttempts());
            assertThat(harness.aws(env).ec2().describeVpcs(r -> r.filters(managedIn(env))).vpcs()).isEmpty();
        }
    }

    /** Passes until one succeeds, as the controller's interval would run them. */
    private PassReport converge(Harness harness, Environment environment) {
        CodeObjects.publishFor(harness, environment, specs.resourcesOf(environment.name()));
        PassReport report = null;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            report = harness.pass(environment, specs.resourcesOf(environment.name()));
            System.out.printf("%s pass %d: %s%n", environment.name(), pass, report.success() ? "success" : report.error());
            if (report.success()) {
                return report;
            }
        }
        return report;
    }

    /** Exactly one of each declared VPC, subnet and group, tagged, and the declared buckets versioned: no duplicates from retries. */
    private void assertManagedStateInMoto(Harness harness, Environment environment) {
        AwsClients aws = harness.aws(environment);
        Ec2Client ec2 = aws.ec2();
        List<Resource> resources = specs.resourcesOf(environment.name());
        assertThat(ec2.describeVpcs(r -> r.filters(managedIn(environment))).vpcs()).hasSize(count(resources, "Vpc"));
        assertThat(ec2.describeSubnets(r -> r.filters(managedIn(environment))).subnets()).hasSize(count(resources, "Subnet"));
        assertThat(ec2.describeSecurityGroups(r -> r.filters(managedIn(environment))).securityGroups())
                .hasSize(count(resources, "SecurityGroup"));
        for (Resource resource : resources) {
            if (resource.spec() instanceof dev.converge.model.BucketSpec bucket && Boolean.TRUE.equals(bucket.versioning())) {
                assertThat(aws.s3().getBucketVersioning(r -> r.bucket(bucket.bucketName())).status())
                        .isEqualTo(BucketVersioningStatus.ENABLED);
            }
        }
    }

    private static int count(List<Resource> resources, String kind) {
        return (int) resources.stream().filter(r -> r.kind().equals(kind)).count();
    }

    private static Filter managedIn(Environment environment) {
        return Filter.builder().name("tag:converge:environment").values(environment.name()).build();
    }

    private static PassReport timed(java.util.function.Supplier<PassReport> pass) {
        long start = System.nanoTime();
        PassReport report = pass.get();
        System.out.printf("pass with the endpoint down: %d ms, %s%n", (System.nanoTime() - start) / 1_000_000, report.error());
        return report;
    }
}
