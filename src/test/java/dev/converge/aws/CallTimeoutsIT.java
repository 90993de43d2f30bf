package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.FaultProxy.Fault;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A describe slower than the call timeout (a large estate, a slow endpoint) fails once, not at every pass:
 * the next observation gives that read twice the time (the pass's next round already does), and once it
 * answers within the configured timeout again it is back to it. The proxy answers
 * {@code DescribeSecurityGroups} 3 s late; calls may take 2 s.
 */
class CallTimeoutsIT {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final String DESCRIBE = "DescribeSecurityGroups";

    private final FaultProxy proxy = FaultProxy.start(Moto.server().endpoint(), 11, Duration.ofSeconds(3))
            .inject(Fault.SLOW, 1.0, operation -> operation.equals("ec2:" + DESCRIBE));
    private final DesiredState state = SpecLoader.load(Path.of("src/test/resources/specs/events/events.yaml"));
    private final Environment env = state.environments().get("ev");
    private final List<Resource> resources = state.resourcesOf("ev");

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aDescribeSlowerThanTheCallTimeout_failsOnce_andTheNextObservationWaitsForIt() {
        try (Harness harness = new Harness(proxy.endpoint(), Harness.RESILIENCE, CALL_TIMEOUT)) {
            PassReport first = harness.pass(env, resources);

            assertThat(harness.metric("converge.aws.api.calls", "operation", DESCRIBE, "outcome", "error"))
                    .as("describes that ran out of time").isEqualTo(1);
            assertThat(harness.callTimeout(env, DESCRIBE)).isEqualTo(CALL_TIMEOUT.multipliedBy(2));
            assertThat(harness.callTimeout(env, "AuthorizeSecurityGroupIngress")).as("a write's").isEqualTo(CALL_TIMEOUT);
            assertThat(first.success()).as("the pass, whose next round read the groups: %s", first).isTrue();
            assertThat(first.remaining().isEmpty()).as(first.remaining().toString()).isTrue();

            PassReport second = harness.pass(env, resources);

            assertThat(second.success()).as(second.toString()).isTrue();
            assertThat(second.detected().changes()).as("drift once converged").isEmpty();
            assertThat(harness.metric("converge.aws.api.calls", "operation", DESCRIBE, "outcome", "error")).isEqualTo(1);
            assertThat(harness.callTimeout(env, DESCRIBE)).as("while the describe is slow").isEqualTo(CALL_TIMEOUT.multipliedBy(2));

            proxy.heal();
            harness.pass(env, resources);

            assertThat(harness.callTimeout(env, DESCRIBE)).as("once it answers in time again").isEqualTo(CALL_TIMEOUT);
        }
    }
}
