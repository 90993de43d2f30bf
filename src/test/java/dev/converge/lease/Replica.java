package dev.converge.lease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One controller replica in a test: its own client and lease manager, ticking every renew period as serve does. */
final class Replica implements AutoCloseable {

    static final Duration DURATION = Duration.ofSeconds(2);
    static final Duration RENEW_PERIOD = Duration.ofMillis(300);
    static final Duration MARGIN = Duration.ofMillis(600);

    final String identity;
    final KubernetesClient client;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LeaseManager leases;
    /** What the manager told this replica: each environment it acquired, and each it stopped holding, in order. */
    final List<String> acquired = new CopyOnWriteArrayList<>();
    final List<String> relinquished = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

    Replica(String identity, KubernetesClient client, Supplier<Set<String>> environments) {
        this.identity = identity;
        this.client = client;
        this.leases = new LeaseManager(client, new LeaseSettings("converge", "converge-system", identity, DURATION, RENEW_PERIOD, MARGIN),
                environments, registry, new LeaseListener() {
                    @Override
                    public void acquired(Set<String> environments) {
                        acquired.addAll(environments);
                    }

                    @Override
                    public void relinquished(String environment) {
                        relinquished.add(environment);
                    }
                });
    }

    Replica start() {
        ticks.execute(this::tick);
        return this;
    }

    /** As serve does: the next round when the manager asks for it. */
    private void tick() {
        Duration next = leases.tick();
        if (!ticks.isShutdown()) {
            ticks.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Dies without a word: no renewal, no release. */
    void crash() throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Shuts down as serve does on SIGTERM. */
    void stop() throws InterruptedException {
        crash();
        leases.release();
    }

    Set<String> owned() {
        return leases.owned();
    }

    @Override
    public void close() throws InterruptedException {
        crash();
        client.close();
    }
}
