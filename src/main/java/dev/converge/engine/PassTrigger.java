package dev.converge.engine;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Passes on request, outside the schedule, one at a time. Requests made while one waits to start share
 * it; a request made while one runs gets the next one, so it always sees what was there when it asked.
 */
@ApplicationScoped
public class PassTrigger {

    private final Controller controller;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "converge-triggered-pass");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<List<PassReport>> waiting;

    public PassTrigger(Controller controller) {
        this.controller = controller;
    }

    /** A pass that starts after this call; completes with its reports. */
    public synchronized CompletableFuture<List<PassReport>> request() {
        if (waiting == null) {
            CompletableFuture<List<PassReport>> pass = new CompletableFuture<>();
            waiting = pass;
            executor.execute(() -> run(pass));
        }
        return waiting;
    }

    private void run(CompletableFuture<List<PassReport>> pass) {
        synchronized (this) {
            waiting = null;
        }
        try {
            pass.complete(controller.runPasses());
        } catch (RuntimeException e) {
            pass.completeExceptionally(e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
