package dev.converge.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs passes on the configured interval once {@code converge serve} has started it; the one-shot
 * commands share the application but must never converge behind the user's back. A tick only reads
 * the spec and starts passes (see {@link Controller#startPasses()}); one that finds the previous tick
 * still reading is skipped. The first tick can fire before {@code serve} has started it (Quarkus starts
 * the scheduler before the command runs); that tick is not lost but run when serving starts, so the first
 * pass never waits a whole interval.
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
