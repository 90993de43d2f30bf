package dev.converge.engine;

import dev.converge.aws.AccountReads;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Converges environments: the spec in force on every scheduled pass, or a given spec once
 * ({@code converge apply}). Each environment's passes are its own: a tick starts a pass over every
 * environment that has none queued or running and does not wait for them, so a slow or stuck
 * environment never delays another. Passes run in parallel within {@code converge.max-parallel-environments},
 * never two passes of one environment at once.
 */
@ApplicationScoped
public class Controller {

    private static final Logger LOG = Logger.getLogger(Controller.class);

    private final ConvergeWiring wiring;
    private final SpecStore specs;
    private final ExecutorService pool;
    /** Environments with a pass queued or running. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, LastPass> lastPasses = new ConcurrentHashMap<>();
    private final PassHistory history = new PassHistory();
    private volatile boolean completedPass;
    /** How often an event's pass asks again whether the environment's running pass has finished. */
    private static final java.time.Duration BUSY_WAIT = java.time.Duration.ofMillis(100);

    public Controller(ConvergeConfig config, ConvergeWiring wiring, SpecSource source) {
        this.wiring = wiring;
        this.specs = new SpecStore(source, wiring.metrics());
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.maxParallelEnvironments()));
    }

    void stop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
        specs.close();
    }

    /**
     * A scheduled tick: reads the newest spec, starts a pass over each environment of the spec in force
     * that is not mid-pass, and returns without waiting for them.
     */
    public void startPasses() {
        startInForce().ifPresent(started -> CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .whenComplete((done, crash) -> completedPass = true));
    }

    /** Like a tick, but waits for the passes it started; environments already mid-pass are skipped. */
    public List<PassReport> runPasses() {
        return startInForce().map(started -> {
            List<PassReport> reports = await(started);
            completedPass = true;
            return reports;
        }).orElse(List.of());
    }

    /**
     * Starts a pass over each of these environments of the spec in force now, without reading the source
     * or waiting for the passes: a replica that has just taken them over converges them at once instead of
     * at its next tick. Environments mid-pass or not owned are skipped as on a tick.
     */
    public void startPassesOver(Set<String> environments) {
        specs.inForce().ifPresent(snapshot -> start(snapshot.state(), snapshot.state().environments().values().stream()
                .filter(e -> environments.contains(e.name()) && wiring.gate().allows(e)).toList(), snapshot.revision()));
    }

    /** One pass now over the given environments of a validated spec, waiting for them. */
    public List<PassReport> converge(DesiredState state, Collection<Environment> environments, String revision) {
        return await(start(state, wiring.gate().admit(environments), revision));
    }

    /** The passes started over the spec in force; empty while no valid spec has ever been loaded. */
    private Optional<List<CompletableFuture<PassReport>>> startInForce() {
        Optional<SpecStore.Snapshot> snapshot = specs.refresh();
        if (snapshot.isEmpty()) {
            LOG.warn("no valid spec has been loaded yet; nothing to converge");
            return Optional.empty();
        }
        DesiredState state = snapshot.get().state();
        List<Environment> admitted = wiring.gate().admit(state.environments().values());
        wiring.metrics().recordEnvironmentsInForce(admitted.stream().map(Environment::name).toList(), wiring.kinds());
        return Optional.of(start(state, admitted, snapshot.get().revision()));
    }

    /** The passes one call starts are one cycle: what is read for a whole account is read once for all of them. */
    private List<CompletableFuture<PassReport>> start(DesiredState state, List<Environment> environments, String revision) {
        List<CompletableFuture<PassReport>> started = new ArrayList<>();
        AccountReads cycle = new AccountReads();
        for (Environment environment : environments) {
            if (!wiring.ownership().mayMutate(environment.name())) {
                continue;
            }
            if (!busy.add(environment.name())) {
                LOG.infof("a pass over %s is still running; skipping this one", environment.name());
                continue;
            }
            started.add(CompletableFuture.supplyAsync(() -> runPass(environment, state, revision, cycle), pool)
                    .whenComplete((report, crash) -> {
                        if (crash != null) {
                            LOG.errorf(crash, "pass over %s crashed", environment.name());
                        }
                    }));
        }
        return started;
    }

    private static List<PassReport> await(List<CompletableFuture<PassReport>> passes) {
        List<PassReport> reports = new ArrayList<>();
        for (CompletableFuture<PassReport> pass : passes) {
            try {
                reports.add(pass.join());
            } catch (CompletionException e) {
                // logged when the pass crashed
            }
        }
        return reports;
    }

    private PassReport runPass(Environment environment, DesiredState state, String revision, AccountReads cycle) {
        return runPass(environment, state, revision, cycle, PassScope.EVERYTHING);
    }

    private PassReport runPass(Environment environment, DesiredState state, String revision, AccountReads cycle, PassScope scope) {
        try {
            PassReport report = wiring.reconciler().reconcile(environment, state.resourcesOf(environment.name()), cycle, scope);
            wiring.metrics().recordPass(report, wiring.kinds());
            if (!wiring.ownership().mayMutate(environment.name())) {
                // The lease moved during the pass: what it saw is the new owner's to report.
                wiring.metrics().recordEnvironmentRelinquished(environment.name());
            }
            lastPasses.put(environment.name(), new LastPass(report, revision));
            history.record(report, revision);
            LOG.infof("pass over %s%s (revision %s): %s, %d change(s) executed, %d resource(s) still drifted, %d ms",
                    environment.name(), scope.kinds().map(kinds -> " (" + String.join(", ", new TreeSet<>(kinds)) + ", for events)").orElse(""),
                    revision, report.success() ? "success" : "error: " + report.error(),
                    report.mutations(), report.remaining() == null ? -1 : report.remaining().driftByKind().values().stream().mapToInt(Integer::intValue).sum(),
                    report.duration().toMillis());
            return report;
        } finally {
            busy.remove(environment.name());
        }
    }

    /**
     * A pass over the scope's kinds of one environment of the spec in force, on the calling thread once the
     * environment has no pass running: what an event consumer asks for. Empty when the environment is not
     * this replica's to converge (left the spec, not allowed, another replica owns it).
     */
    public Optional<PassReport> runScopedPass(String name, PassScope scope) {
        while (true) {
            Optional<Environment> environment = specs.inForce()
                    .map(s -> s.state().environments().get(name))
                    .filter(e -> wiring.gate().allows(e) && wiring.ownership().mayMutate(name));
            if (environment.isEmpty()) {
                return Optional.empty();
            }
            if (busy.add(name)) {
                SpecStore.Snapshot snapshot = specs.inForce().orElseThrow();
                return Optional.of(runPass(environment.get(), snapshot.state(), snapshot.revision(), new AccountReads(), scope));
            }
            try {
                Thread.sleep(BUSY_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    public boolean hasCompletedPass() {
        return completedPass;
    }

    /** The newest pass over each environment that has had one, with the spec revision it converged to. */
    public Map<String, LastPass> lastPasses() {
        return Map.copyOf(lastPasses);
    }

    /** The recent passes of every environment, for the status page. */
    public PassHistory history() {
        return history;
    }

    /** The spec in force, as passes last read it; never waits for the source (see {@link SpecStore#inForce()}). */
    public Optional<SpecStore.Snapshot> spec() {
        return specs.inForce();
    }

    public String specSource() {
        return specs.source();
    }

    public List<String> specErrors() {
        return specs.lastErrors();
    }
}
