package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code serve} converges at once when it starts, then on every tick; nothing else ever converges. */
class PassSchedulerTest {

    private final AtomicInteger passesStarted = new AtomicInteger();
    private final PassScheduler scheduler = new PassScheduler(passesStarted::incrementAndGet);

    @Test
    void startingToServe_startsTheFirstPassAtOnce_withoutWaitingForATick() {
        scheduler.start();

        assertThat(passesStarted).hasValue(1);
        assertThat(scheduler.serving()).isTrue();
    }

    @Test
    void afterServingStarts_everyTickStartsPasses() {
        scheduler.start();

        scheduler.tick();
        scheduler.tick();

        assertThat(passesStarted).hasValue(3);
    }

    @Test
    void oneShotCommands_neverStartServing_soTicksNeverConverge() {
        scheduler.tick();
        scheduler.tick();

        assertThat(passesStarted).hasValue(0);
        assertThat(scheduler.serving()).isFalse();
    }
}
