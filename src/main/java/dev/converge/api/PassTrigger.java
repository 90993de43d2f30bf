package dev.converge.api;

import dev.converge.engine.Controller;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Runs one pass over every environment in the background on request; at most one requested pass at a time. */
@ApplicationScoped
public class PassTrigger {

    private static final Logger LOG = Logger.getLogger(PassTrigger.class);

    private final Controller controller;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "converge-requested-pass"));
    private final AtomicBoolean running = new AtomicBoolean();

    public PassTrigger(Controller controller) {
        this.controller = controller;
    }

    /** Starts a pass unless a requested one is still running; true when it started. */
    public boolean trigger() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        executor.execute(() -> {
            try {
                controller.runPasses();
            } catch (RuntimeException e) {
                LOG.error("requested pass failed", e);
            } finally {
                running.set(false);
            }
        });
        return true;
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
