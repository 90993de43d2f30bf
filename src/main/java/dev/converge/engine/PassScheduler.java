package dev.converge.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs passes once {@code converge serve} has started it: the first at once, then one on every interval.
 * The one-shot commands share the application but must never converge behind the user's back. A tick only
 * reads the spec and starts passes (see {@link Controller#startPasses()}); one that finds the previous tick
 * still reading is skipped. Ticks begin one interval after start-up, because waiting for the scheduler's
 * first tick would add its delay and its trigger check (up to a second) to every start.
 */
@ApplicationScoped
public class PassScheduler {

    private final Runnable startPasses;
    private boolean serving;

    @Inject
    public PassScheduler(Controller controller) {
        this(controller::startPasses);
    }

    PassScheduler(Runnable startPasses) {
        this.startPasses = startPasses;
    }

    /** Starts serving with the first pass, on the caller's thread until its passes have started. */
    public void start() {
        synchronized (this) {
            serving = true;
        }
        startPasses.run();
    }

    /** Whether this process is the controller, the only one that may converge outside a one-shot command. */
    public synchronized boolean serving() {
        return serving;
    }

    @Scheduled(every = "${converge.interval:60s}", delayed = "${converge.interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (serving()) {
            startPasses.run();
        }
    }
}
