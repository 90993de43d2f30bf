package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.plan.Plan;
import dev.converge.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status page's pass history stays bounded by age and by count, whatever the interval. */
class PassHistoryTest {

    private final MovableClock clock = new MovableClock();
    private final PassHistory history = new PassHistory(clock);

    @Test
    void passesOlderThanTheWindowAreDropped() {
        history.record(pass(), "r1");
        clock.advance(PassHistory.WINDOW.minusMinutes(1));
        history.record(pass(), "r2");
        assertThat(history.of("prod")).extracting(PassHistory.Entry::revision).containsExactly("r1", "r2");

        clock.advance(Duration.ofMinutes(2));

        assertThat(history.of("prod")).extracting(PassHistory.Entry::revision).containsExactly("r2");
        assertThat(history.of("nonprod")).isEmpty();
    }

    @Test
    void noMoreThanTheLimitIsKept_newestFirstToStay() {
        for (int i = 0; i < PassHistory.MAX_PER_ENVIRONMENT + 5; i++) {
            history.record(pass(), "r" + i);
        }

        List<PassHistory.Entry> kept = history.of("prod");

        assertThat(kept).hasSize(PassHistory.MAX_PER_ENVIRONMENT);
        assertThat(kept.get(0).revision()).isEqualTo("r5");
        assertThat(kept.get(kept.size() - 1).revision()).isEqualTo("r" + (PassHistory.MAX_PER_ENVIRONMENT + 4));
    }

    @Test
    void aPassThatCouldNotObserve_hasNoDriftLeft() {
        history.record(new PassReport("prod", clock.instant(), Duration.ofSeconds(3), new Plan("prod", List.of()), null, List.of(),
                "could not observe Subnet"), "r1");

        assertThat(history.of("prod")).singleElement().satisfies(e -> {
            assertThat(e.driftRemaining()).isEqualTo(-1);
            assertThat(e.success()).isFalse();
            assertThat(e.error()).isEqualTo("could not observe Subnet");
        });
    }

    private PassReport pass() {
        Plan none = new Plan("prod", List.of());
        return new PassReport("prod", clock.instant(), Duration.ofSeconds(2), none, none, List.of(), null);
    }
}
