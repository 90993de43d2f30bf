package dev.converge.engine;

import dev.converge.model.Environment;
import dev.converge.spec.DesiredState;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Converges environments: the spec in force on every scheduled pass, or a given spec once
 * ({@code converge apply}). Environments run in parallel within a bound, never two passes of one
 * environment at once.
 */
@ApplicationScoped
public class Controller {

    private static final Logger LOG = Logger.getLogger(Controller.class);

    private final ConvergeWiring wiring;
    private final SpecStore specs;
    private final ExecutorService pool;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private final Map<String, LastPass> lastPasses = new ConcurrentHashMap<>();
    private volatile boolean completedPass;

    public Controller(ConvergeConfig config, ConvergeWiring wiring, SpecSource source) {
        this.wiring = wiring;
        this.specs = new SpecStore(source, wiring.metrics());
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.maxParallelEnvironments()));
    }

    void stop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }

    /** One pass over every environment of the spec in force; environments already mid-pass are skipped. */
    public List<PassReport> runPasses() {
        Optional<SpecStore.Snapshot> snapshot = specs.refresh();
        if (snapshot.isEmpty()) {
            LOG.warn("no valid spec has been loaded yet; nothing to converge");
            return List.of();
        }
        List<PassReport> reports = converge(snapshot.get().state(), snapshot.get().state().environments().values(),
                snapshot.get().revision());
        completedPass = true;
        return reports;
    }

    /** One pass now over the given environments of a validated spec. */
    public List<PassReport> converge(DesiredState state, Collection<Environment> environments, String revision) {
        List<Future<PassReport>> futures = new ArrayList<>();
        for (Environment environment : wiring.gate().admit(environments).stream()
                .filter(e -> wiring.ownership().mayMutate(e.name())).toList()) {
            futures.add(pool.submit(() -> runPass(environment, state, revision)));
        }
        List<PassReport> reports = new ArrayList<>();
        for (Future<PassReport> future : futures) {
            try {
                PassReport report = future.get();
                if (report != null) {
                    reports.add(report);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reports;
            } catch (ExecutionException e) {
                LOG.error("pass crashed", e.getCause());
            }
        }
        return reports;
    }

    private PassReport runPass(Environment environment, DesiredState state, String revision) {
        ReentrantLock lock = running.computeIfAbsent(environment.name(), name -> new ReentrantLock());
        if (!lock.tryLock()) {
            LOG.infof("a pass over %s is still running; skipping this one", environment.name());
            return null;
        }
        try {
            PassReport report = wiring.reconciler().reconcile(environment, state.resourcesOf(environment.name()));
            wiring.metrics().recordPass(report, wiring.kinds());
            lastPasses.put(environment.name(), new LastPass(report, revision));
            LOG.infof("pass over %s (revision %s): %s, %d change(s) executed, %d resource(s) still drifted, %d ms",
                    environment.name(), revision, report.success() ? "success" : "error: " + report.error(),
                    report.mutations(), report.remaining() == null ? -1 : report.remaining().driftByKind().values().stream().mapToInt(Integer::intValue).sum(),
                    report.duration().toMillis());
            return report;
        } finally {
            lock.unlock();
        }
    }

    public boolean hasCompletedPass() {
        return completedPass;
    }

    /** The newest pass over each environment that has had one, with the spec revision it converged to. */
    public Map<String, LastPass> lastPasses() {
        return Map.copyOf(lastPasses);
    }

    /** The spec in force now, reloaded like a pass reloads it: the newest good revision, if there has ever been one. */
    public Optional<SpecStore.Snapshot> spec() {
        return specs.refresh();
    }

    public String specSource() {
        return specs.source();
    }

    public List<String> specErrors() {
        return specs.lastErrors();
    }
}
