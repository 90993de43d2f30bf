package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scheduler's first tick can fire before {@code serve} starts it; the first pass must not wait an interval. */
class PassSchedulerTest {

    private final AtomicInteger passesStarted = new AtomicInteger();
    private final PassScheduler scheduler = new PassScheduler(passesStarted::incrementAndGet);

    @Test
    void aTickBeforeServeStarts_convergesNothing_thenRunsAsSoonAsServeStarts() {
        scheduler.tick();
        assertThat(passesStarted).hasValue(0);

        scheduler.start();

        assertThat(passesStarted).as("the missed first tick runs when serving starts").hasValue(1);
        assertThat(scheduler.serving()).isTrue();
    }

    @Test
    void startingBeforeTheFirstTick_leavesTheFirstPassToTheTick() {
        scheduler.start();
        assertThat(passesStarted).hasValue(0);

        scheduler.tick();
        scheduler.tick();

        assertThat(passesStarted).hasValue(2);
    }

    @Test
    void serve_runsItsFirstPassAtOnce_andTicksAfterIt() {
        scheduler.startWithFirstPass();
        assertThat(passesStarted).as("serve does not wait for the first tick").hasValue(1);
        assertThat(scheduler.serving()).isTrue();

        scheduler.tick();

        assertThat(passesStarted).hasValue(2);
    }

    @Test
    void aTickBeforeServe_isTheFirstPassServeRuns_notASecondOne() {
        scheduler.tick();

        scheduler.startWithFirstPass();

        assertThat(passesStarted).hasValue(1);
    }

    @Test
    void oneShotCommands_neverStartServing_soTicksNeverConverge() {
        scheduler.tick();
        scheduler.tick();

        assertThat(passesStarted).hasValue(0);
        assertThat(scheduler.serving()).isFalse();
    }
}
