package dev.converge.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs passes on the configured interval once {@code converge serve} has started it; the one-shot
 * commands share the application but must never converge behind the user's back. A tick only reads
 * the spec and starts passes (see {@link Controller#startPasses()}); one that finds the previous tick
 * still reading is skipped.
 */
@ApplicationScoped
public class PassScheduler {

    private final Controller controller;
    private volatile boolean serving;

    public PassScheduler(Controller controller) {
        this.controller = controller;
    }

    public void start() {
        serving = true;
    }

    /** Whether this process is the controller, the only one that may converge outside a one-shot command. */
    public boolean serving() {
        return serving;
    }

    @Scheduled(every = "${converge.interval:60s}", delayed = "${converge.first-pass-delay:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (serving) {
            controller.startPasses();
        }
    }
}
