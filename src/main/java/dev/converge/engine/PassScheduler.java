package dev.converge.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs passes on the configured interval once {@code converge serve} has started it; the one-shot
 * commands share the application but must never converge behind the user's back. A tick only reads
 * the spec and starts passes (see {@link Controller#startPasses()}); one that finds the previous tick
 * still reading is skipped. {@code serve} runs its first pass as it starts; a tick that fires before
 * serving has started (Quarkus starts the scheduler before the command runs) is not lost but run when
 * serving starts, so no first pass waits a whole interval.
 */
@ApplicationScoped
public class PassScheduler {

    private final Runnable startPasses;
    private boolean serving;
    private boolean tickMissed;

    @Inject
    public PassScheduler(Controller controller) {
        this(controller::startPasses);
    }

    PassScheduler(Runnable startPasses) {
        this.startPasses = startPasses;
    }

    /**
     * Starts serving with its first pass at once, on the caller's thread until the passes have started, as
     * {@code serve} does: the scheduler's first tick comes its delay after Quarkus started the scheduler and
     * on its next whole-second trigger check, which left a started controller idle for most of a second.
     * A tick that comes while those passes run skips their environments.
     */
    public void startWithFirstPass() {
        synchronized (this) {
            serving = true;
            tickMissed = false;
        }
        startPasses.run();
    }

    /** Starts serving and leaves the first pass to the scheduler's first tick, or runs it now if that tick has come. */
    public void start() {
        boolean missed;
        synchronized (this) {
            serving = true;
            missed = tickMissed;
        }
        if (missed) {
            startPasses.run();
        }
    }

    /** Whether this process is the controller, the only one that may converge outside a one-shot command. */
    public synchronized boolean serving() {
        return serving;
    }

    @Scheduled(every = "${converge.interval:60s}", delayed = "${converge.first-pass-delay:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        synchronized (this) {
            if (!serving) {
                tickMissed = true;
                return;
            }
        }
        startPasses.run();
    }
}
