package dev.converge.api;

import dev.converge.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How long a live plan's observation answers, on a clock the test moves. */
class LivePlansTest {

    private final MovableClock clock = new MovableClock();
    private final LivePlans plans = new LivePlans(Duration.ofSeconds(10), clock);
    private final AtomicInteger observations = new AtomicInteger();

    @Test
    void aFreshObservationAnswers_andAnExpiredOneIsRepeated() {
        plans.plan("prod", "r1", observe());
        clock.advance(Duration.ofSeconds(9));
        plans.plan("prod", "r1", observe());
        assertThat(observations).as("observations within the cache period").hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        plans.plan("prod", "r1", observe());
        assertThat(observations).as("observations once the period is over").hasValue(2);
    }

    @Test
    void aNewSpecRevisionOrAnotherEnvironmentIsObservedAnew() {
        plans.plan("prod", "r1", observe());
        plans.plan("prod", "r2", observe());
        plans.plan("dev", "r2", observe());

        assertThat(observations).hasValue(3);
    }

    /** A failing observation made AWS calls too: repeating it on every request would let callers drive them. */
    @Test
    void aFailedObservationAnswersWithItsFailureUntilItExpires() {
        Supplier<Plan> failing = () -> {
            observations.incrementAndGet();
            throw new IllegalStateException("throttled");
        };
        assertThatThrownBy(() -> plans.plan("prod", "r1", failing)).hasMessage("throttled");
        assertThatThrownBy(() -> plans.plan("prod", "r1", observe())).hasMessage("throttled");
        assertThat(observations).hasValue(1);

        clock.advance(Duration.ofSeconds(10));
        assertThat(plans.plan("prod", "r1", observe()).environment()).isEqualTo("prod");
        assertThat(observations).hasValue(2);
    }

    private Supplier<Plan> observe() {
        return () -> {
            observations.incrementAndGet();
            return new Plan("prod", List.of());
        };
    }
}
