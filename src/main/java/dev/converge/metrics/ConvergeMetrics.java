package dev.converge.metrics;

import dev.converge.engine.EngineMetrics;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Converge's Prometheus contract: what every pass saw and did, per environment and kind. Label values
 * are environments, kinds, actions and results, and resource names only for resources flagged as
 * flapping, so cardinality stays bounded. Series stay true: the gauges of an environment that left the
 * spec are removed, {@code converge_spec_info} holds only the revision in force and a refused newer one,
 * and every counter an alert reads exists at zero before its first increment (Prometheus's
 * {@code increase()} cannot see a series that starts at 1).
 */
@Singleton
@Startup
public final class ConvergeMetrics implements EngineMetrics {

    private static final String ENVIRONMENT = "environment";
    /** The meter name inside a gauge's key: one map holds the gauges of every name. */
    private static final String NAME = "__name";
    private static final String SPEC_INFO = "converge.spec.info";
    private static final String LAST_SUCCESS = "converge.last.success.timestamp.seconds";
    private static final String LAST_SUCCESS_DESCRIPTION =
            "Unix time of the last successful pass; until the first, of when the environment came into force";

    /** A gauge's meter, kept so that the series can be removed again, and the value it reads. */
    private record Series(Gauge gauge, AtomicReference<Double> value) {}

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Tags, Series> gauges = new HashMap<>();
    private final Map<String, Set<ResourceKey>> flapping = new ConcurrentHashMap<>();
    /** The environments converged now; empty until the controller says (one-shot commands never do). */
    private Optional<Set<String>> inForce = Optional.empty();

    @Inject
    public ConvergeMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    ConvergeMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        specLoadErrors();
        specFetchErrors();
    }

    @Override
    public void detected(String environment, Plan detected) {
        detected.driftByKind().forEach((kind, count) -> Counter.builder("converge.drift.detected")
                .description("Resources found drifted at the start of a pass")
                .tags("environment", environment, "kind", kind)
                .register(registry)
                .increment(count));
    }

    @Override
    public void recordPass(PassReport report, Collection<String> kinds) {
        String environment = report.environment();
        passes(environment, report.success() ? "success" : "error").increment();
        Timer.builder("converge.reconcile.duration")
                .description("Duration of a pass over one environment")
                .tags("environment", environment)
                .register(registry)
                .record(report.duration());
        for (Outcome outcome : report.outcomes()) {
            Change change = outcome.change();
            changes(environment, change.kind(), change.action(), outcome.result()).increment();
        }
        // Registered on every pass, so the series reads 0 before the first refusal and increase() sees it.
        Counter.builder("converge.deletes.refused")
                .description("Passes whose deletes the mass-delete guard refused")
                .tags("environment", environment)
                .register(registry)
                .increment(report.detected() != null && report.detected().changes().stream()
                        .anyMatch(c -> c.action() == Action.DELETE_REFUSED) ? 1 : 0);
        Plan now = report.remaining();
        if (now != null) {
            for (String kind : kinds) {
                setGauge("converge.drift.resources", "Resources whose live state differs from the spec now",
                        Tags.of("environment", environment, "kind", kind), now.driftByKind().getOrDefault(kind, 0));
                setGauge("converge.conflict.resources", "Resources whose identity several AWS objects, or a foreign one, carry",
                        Tags.of("environment", environment, "kind", kind), now.conflictsByKind().getOrDefault(kind, 0));
                setGauge("converge.orphaned.resources", "Managed resources no longer in the spec and left in place",
                        Tags.of("environment", environment, "kind", kind), now.orphansByKind().getOrDefault(kind, 0));
                setGauge("converge.approvals.held", "Steps held until a person approves exactly that change",
                        Tags.of("environment", environment, "kind", kind), now.heldByKind().getOrDefault(kind, 0));
                setGauge("converge.acknowledged.drift.resources", "Resources whose drift the spec acknowledges, left in place",
                        Tags.of("environment", environment, "kind", kind), now.acknowledgedByKind().getOrDefault(kind, 0));
            }
            recordFlapping(environment, report.flapping());
        }
        if (report.unmanaged() != null) {
            // A kind whose report failed keeps its last value, as the drift gauges do.
            report.unmanaged().countsByKind().forEach((kind, count) -> setGauge("converge.unmanaged.resources",
                    "Objects in the environment's reach (its VPCs, its bucket name patterns) that carry no Converge tag",
                    Tags.of("environment", environment, "kind", kind), count));
        }
        if (report.success()) {
            setGauge(LAST_SUCCESS, LAST_SUCCESS_DESCRIPTION,
                    Tags.of("environment", environment), report.started().plus(report.duration()).toEpochMilli() / 1000.0);
        }
    }

    @Override
    public synchronized void recordEnvironmentsInForce(Collection<String> environments, Collection<String> kinds) {
        inForce = Optional.of(Set.copyOf(environments));
        gauges.keySet().stream()
                .filter(tags -> environmentOf(tags).filter(e -> !environments.contains(e)).isPresent())
                .toList()
                .forEach(this::removeGauge);
        flapping.keySet().retainAll(environments);
        for (String environment : environments) {
            passes(environment, "success");
            passes(environment, "error");
            for (String kind : kinds) {
                for (Action action : Action.values()) {
                    if (action.executable()) {
                        changes(environment, kind, action, Outcome.Result.ERROR);
                    }
                }
            }
            // An environment that never succeeds must still trip an alert on the age of its last success.
            Tags tags = Tags.of(ENVIRONMENT, environment);
            if (!gauges.containsKey(gaugeKey(LAST_SUCCESS, tags))) {
                setGauge(LAST_SUCCESS, LAST_SUCCESS_DESCRIPTION, tags, clock.millis() / 1000.0);
            }
        }
    }

    /** The last success stays: the alert on its age reads the newest over every replica. */
    @Override
    public synchronized void recordEnvironmentRelinquished(String environment) {
        gauges.keySet().stream()
                .filter(tags -> environmentOf(tags).filter(environment::equals).isPresent() && !nameOf(tags).equals(LAST_SUCCESS))
                .toList()
                .forEach(this::removeGauge);
        flapping.remove(environment);
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

    @Override
    public void recordEnvironmentSkipped(String environment, String reason) {
        Counter.builder("converge.environments.skipped")
                .description("Passes not run over an environment because it is not in the allowed environments (reason"
                        + " environment) or its account not in the allowed accounts (reason account)")
                .tags("environment", environment, "reason", reason)
                .register(registry)
                .increment();
    }

    /** Marks the revision in force with 1; every other revision's series goes, a refused one included. */
    @Override
    public synchronized void recordSpecRevision(String source, String revision) {
        Tags inForceNow = Tags.of("source", source, "revision", revision);
        specInfoSeries().filter(tags -> !tags.equals(gaugeKey(SPEC_INFO, inForceNow))).toList().forEach(this::removeGauge);
        setGauge(SPEC_INFO, "The spec revision in force (1) and a newer one refused (0)", inForceNow, 1);
    }

    /** Counts the refusal and shows the refused revision with 0 next to the one in force, replacing a refused older one. */
    @Override
    public synchronized void recordSpecRefused(String source, String revision) {
        specLoadErrors().increment();
        Tags refused = Tags.of("source", source, "revision", revision);
        specInfoSeries().filter(tags -> gauges.get(tags).value().get() == 0 && !tags.equals(gaugeKey(SPEC_INFO, refused)))
                .toList()
                .forEach(this::removeGauge);
        if (!gauges.containsKey(gaugeKey(SPEC_INFO, refused))) {
            setGauge(SPEC_INFO, "The spec revision in force (1) and a newer one refused (0)", refused, 0);
        }
    }

    @Override
    public void recordSpecFetchError() {
        specFetchErrors().increment();
    }

    private Counter passes(String environment, String result) {
        return Counter.builder("converge.reconcile")
                .description("Passes by environment and result")
                .tags(ENVIRONMENT, environment, "result", result)
                .register(registry);
    }

    private Counter changes(String environment, String kind, Action action, Outcome.Result result) {
        return Counter.builder("converge.changes")
                .description("Changes executed, by environment, kind, action and result")
                .tags(ENVIRONMENT, environment, "kind", kind, "action", action.label(), "result", result.label())
                .register(registry);
    }

    private Counter specLoadErrors() {
        return Counter.builder("converge.spec.load.errors")
                .description("Spec revisions refused: they failed to parse, validate or load; the last good spec stays in force")
                .register(registry);
    }

    private Counter specFetchErrors() {
        return Counter.builder("converge.spec.fetch.errors")
                .description("Reads of the spec source that failed or timed out (a git fetch, unreadable files); the spec in force stays")
                .register(registry);
    }

    private Stream<Tags> specInfoSeries() {
        return gauges.keySet().stream().filter(tags -> nameOf(tags).equals(SPEC_INFO));
    }

    /**
     * Sets a gauge, registering it on first use. A gauge of an environment that is not converged now is
     * not set: a pass that ends after its environment left the spec must not bring its series back.
     */
    private synchronized void setGauge(String name, String description, Tags tags, double value) {
        if (inForce.isPresent() && environmentOf(tags).filter(e -> !inForce.get().contains(e)).isPresent()) {
            return;
        }
        gauges.computeIfAbsent(gaugeKey(name, tags), k -> {
            AtomicReference<Double> holder = new AtomicReference<>(0.0);
            Gauge gauge = Gauge.builder(name, holder, AtomicReference::get).description(description).tags(tags).register(registry);
            return new Series(gauge, holder);
        }).value().set(value);
    }

    private void removeGauge(Tags key) {
        registry.remove(gauges.remove(key).gauge());
    }

    private static Tags gaugeKey(String name, Tags tags) {
        return tags.and(NAME, name);
    }

    private static String nameOf(Tags key) {
        return key.stream().filter(t -> t.getKey().equals(NAME)).map(Tag::getValue).findFirst().orElseThrow();
    }

    private static Optional<String> environmentOf(Tags tags) {
        return tags.stream().filter(t -> t.getKey().equals(ENVIRONMENT)).map(Tag::getValue).findFirst();
    }
}
