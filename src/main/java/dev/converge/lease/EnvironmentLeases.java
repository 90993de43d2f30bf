package dev.converge.lease;

import dev.converge.engine.Controller;
import dev.converge.engine.ConvergeConfig;
import dev.converge.engine.ConvergeWiring;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassScheduler;
import dev.converge.model.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The application's {@link EnvironmentOwnership}: environment leases in a Kubernetes cluster, every
 * environment owned elsewhere (a local run). Leases are taken only by {@code converge serve}; a one-shot
 * command inside the cluster holds none and so changes nothing a controller replica may be changing.
 */
@Startup
@ApplicationScoped
public class EnvironmentLeases implements EnvironmentOwnership {

    private static final Logger LOG = Logger.getLogger(EnvironmentLeases.class);
    /** How soon after {@code serve} starts the first round runs, so the first pass already finds its share taken. */
    private static final Duration NOT_SERVING_POLL = Duration.ofMillis(100);

    private final PassScheduler scheduler;
    private final KubernetesClient client;
    private final LeaseManager manager;
    private final AtomicBoolean warnedNotServing = new AtomicBoolean();
    private final ScheduledExecutorService ticks;
    private final Duration renewPeriod;

    public EnvironmentLeases(ConvergeConfig config, MeterRegistry registry, Controller controller, ConvergeWiring wiring,
            PassScheduler scheduler) {
        this.scheduler = scheduler;
        ConvergeConfig.Leases leases = config.lease();
        this.renewPeriod = leases.renewPeriod();
        if (!leases.enabled().orElse(System.getenv("KUBERNETES_SERVICE_HOST") != null)) {
            client = null;
            manager = null;
            ticks = null;
            return;
        }
        client = new KubernetesClientBuilder().build();
        LeaseSettings settings = new LeaseSettings(config.controllerName(),
                leases.namespace().or(() -> env("POD_NAMESPACE")).orElse(client.getNamespace()),
                leases.identity().or(() -> env("POD_NAME")).or(() -> env("HOSTNAME")).orElse(null),
                leases.duration(), leases.renewPeriod(), leases.margin());
        Supplier<Set<String>> environments = () -> controller.spec()
                .map(spec -> spec.state().environments().values().stream().filter(wiring.gate()::allows)
                        .map(Environment::name).collect(Collectors.toSet()))
                .orElse(Set.of());
        manager = new LeaseManager(client, settings, environments, registry, new LeaseListener() {
            @Override
            public void acquired(Set<String> taken) {
                controller.startPassesOver(taken);
            }

            @Override
            public void relinquished(String environment) {
                wiring.metrics().recordEnvironmentRelinquished(environment);
            }
        });
        LOG.infof("environment leases on: replica %s in namespace %s, duration %s, renewed every %s, margin %s",
                settings.identity(), settings.namespace(), settings.duration(), settings.renewPeriod(), settings.margin());
        ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "converge-leases");
            thread.setDaemon(true);
            return thread;
        });
        ticks.execute(this::renew);
    }

    @Override
    public boolean mayMutate(String environment) {
        if (manager == null) {
            return true;
        }
        if (!scheduler.serving() && !warnedNotServing.getAndSet(true)) {
            LOG.warnf("environment leases are on and only `converge serve` takes them: this command changes nothing; "
                    + "set converge.lease.enabled=false to run it outside the leases");
        }
        return manager.mayMutate(environment);
    }

    @Override
    public Optional<String> owner(String environment) {
        return manager == null ? Optional.empty() : manager.owner(environment);
    }

    /** Ticks as the manager asks, from the moment {@code serve} starts; a tick that fails is logged and retried. */
    private void renew() {
        Duration next = NOT_SERVING_POLL;
        try {
            if (scheduler.serving()) {
                next = manager.tick();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "lease round failed");
            next = renewPeriod;
        } finally {
            if (!ticks.isShutdown()) {
                ticks.schedule(this::renew, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Hands the leases back on the way out, so the other replicas take over at once rather than at expiry. */
    @PreDestroy
    void stop() {
        if (manager == null) {
            return;
        }
        ticks.shutdownNow();
        if (scheduler.serving()) {
            manager.release();
        }
        client.close();
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
