package dev.converge.engine;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs passes on the configured interval; a tick that finds the previous one still running is skipped. */
@ApplicationScoped
public class PassScheduler {

    private final Controller controller;

    public PassScheduler(Controller controller) {
        this.controller = controller;
    }

    @Scheduled(every = "${converge.interval:60s}", delayed = "${converge.first-pass-delay:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        controller.runPasses();
    }
}
