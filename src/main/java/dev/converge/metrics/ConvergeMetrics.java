package dev.converge.metrics;

import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Converge's Prometheus contract: what every pass saw and did, per environment and kind. Label values
 * are environments, kinds, actions and results, and resource names only for resources flagged as
 * flapping, so cardinality stays bounded.
 */
public final class ConvergeMetrics {

    private final MeterRegistry registry;
    private final Map<Tags, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private final Map<String, Set<ResourceKey>> flapping = new ConcurrentHashMap<>();

    public ConvergeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one pass; {@code kinds} are all known kinds, so a kind without drift reads 0, not stale. */
    public void recordPass(PassReport report, Collection<String> kinds) {
        String environment = report.environment();
        Counter.builder("converge.reconcile")
                .description("Passes by environment and result")
                .tags("environment", environment, "result", report.success() ? "success" : "error")
                .register(registry)
                .increment();
        Timer.builder("converge.reconcile.duration")
                .description("Duration of a pass over one environment")
                .tags("environment", environment)
                .register(registry)
                .record(report.duration());
        for (Outcome outcome : report.outcomes()) {
            Change change = outcome.change();
            Counter.builder("converge.changes")
                    .description("Changes executed, by environment, kind, action and result")
                    .tags("environment", environment, "kind", change.kind(), "action", change.action().label(),
                            "result", outcome.result().label())
                    .register(registry)
                    .increment();
        }
        // Registered on every pass, so the series reads 0 before the first refusal and increase() sees it.
        Counter.builder("converge.deletes.refused")
                .description("Passes whose deletes the mass-delete guard refused")
                .tags("environment", environment)
                .register(registry)
                .increment(report.detected() != null && report.detected().changes().stream()
                        .anyMatch(c -> c.action() == Action.DELETE_REFUSED) ? 1 : 0);
        if (report.detected() != null) {
            report.detected().driftByKind().forEach((kind, count) -> Counter.builder("converge.drift.detected")
                    .description("Resources found drifted at the start of a pass")
                    .tags("environment", environment, "kind", kind)
                    .register(registry)
                    .increment(count));
        }
        Plan now = report.remaining();
        if (now != null) {
            for (String kind : kinds) {
                setGauge("converge.drift.resources", "Resources whose live state differs from the spec now",
                        Tags.of("environment", environment, "kind", kind), now.driftByKind().getOrDefault(kind, 0));
                setGauge("converge.orphaned.resources", "Managed resources no longer in the spec and left in place",
                        Tags.of("environment", environment, "kind", kind), now.orphansByKind().getOrDefault(kind, 0));
            }
            recordFlapping(environment, report.flapping());
        }
        if (report.success()) {
            setGauge("converge.last.success.timestamp.seconds", "Unix time of the last successful pass",
                    Tags.of("environment", environment), report.started().plus(report.duration()).toEpochMilli() / 1000.0);
        }
    }

    /**
     * 1 for each resource flagged as flapping, 0 once it is no longer: only resources ever flagged get a
     * series, which keeps the per-resource labels bounded.
     */
    private void recordFlapping(String environment, Set<ResourceKey> now) {
        Set<ResourceKey> before = flapping.getOrDefault(environment, Set.of());
        Set<ResourceKey> all = new TreeSet<>(before);
        all.addAll(now);
        for (ResourceKey key : all) {
            setGauge("converge.resource.flapping", "1 while a resource keeps needing the same change and is backed off",
                    Tags.of("environment", environment, "kind", key.kind(), "name", key.name()), now.contains(key) ? 1 : 0);
        }
        flapping.put(environment, Set.copyOf(now));
    }

    /** An environment of the spec that {@code converge.guards.allowed-environments} leaves out. */
    public void recordEnvironmentSkipped(String environment) {
        Counter.builder("converge.environments.skipped")
                .description("Passes not run over an environment because it is not in the allowed environments")
                .tags("environment", environment)
                .register(registry)
                .increment();
    }

    public void recordSpecLoadError() {
        Counter.builder("converge.spec.load.errors")
                .description("Spec loads that failed to parse or validate; the last good spec stays in force")
                .register(registry)
                .increment();
    }

    /** Marks the spec revision in force with 1 and the previous one with 0. */
    public void recordSpecRevision(String source, String revision) {
        gauges.forEach((tags, value) -> {
            if (tags.stream().anyMatch(t -> t.getKey().equals("revision"))) {
                value.set(0.0);
            }
        });
        setGauge("converge.spec.info", "The spec source and revision in force (value 1)",
                Tags.of("source", source, "revision", revision), 1);
    }

    private void setGauge(String name, String description, Tags tags, double value) {
        Tags key = tags.and("__name", name);
        gauges.computeIfAbsent(key, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(0.0);
            Gauge.builder(name, holder, AtomicReference::get).description(description).tags(tags).register(registry);
            return holder;
        }).set(value);
    }
}
