package dev.converge.engine;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Passes on request, outside the schedule ({@code POST /api/passes}, the git webhook), one at a time.
 * Requests made while one waits to start share it; a request made while one runs gets the next one, so
 * it always sees what was there when it asked.
 */
@ApplicationScoped
public class PassTrigger {

    private static final Logger LOG = Logger.getLogger(PassTrigger.class);

    private final NextRun<List<PassReport>> passes;

    public PassTrigger(Controller controller) {
        this.passes = new NextRun<>("converge-requested-pass", () -> {
            try {
                return controller.runPasses();
            } catch (RuntimeException e) {
                LOG.error("requested pass failed", e);
                throw e;
            }
        });
    }

    /** A pass over every environment that starts after this call; completes with its reports. */
    public CompletableFuture<List<PassReport>> request() {
        return passes.request();
    }

    void stop(@Observes ShutdownEvent event) {
        passes.close();
    }
}
