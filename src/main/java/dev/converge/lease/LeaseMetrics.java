package dev.converge.lease;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which environments this replica owns ({@code converge_environment_owned}, 1 while it may mutate) and
 * how its leases changed hands ({@code converge_lease_transitions_total}).
 */
final class LeaseMetrics {

    enum Transition {
        ACQUIRED, RELEASED, LOST;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Gauge> owned = new ConcurrentHashMap<>();

    LeaseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One owned gauge per environment of the spec; an environment that left the spec leaves the metrics too. */
    void track(Set<String> environments, Predicate<String> mayMutate) {
        environments.forEach(environment -> owned.computeIfAbsent(environment, name -> Gauge
                .builder("converge.environment.owned", () -> mayMutate.test(name) ? 1 : 0)
                .description("1 while this replica holds the environment's lease and may change it, else 0")
                .tag("environment", name)
                .register(registry)));
        owned.keySet().removeIf(environment -> {
            if (environments.contains(environment)) {
                return false;
            }
            registry.remove(owned.get(environment));
            return true;
        });
    }

    void transition(String environment, Transition transition) {
        Counter.builder("converge.lease.transitions")
                .description("Environment leases this replica acquired, released or lost")
                .tags("environment", environment, "transition", transition.label())
                .register(registry)
                .increment();
    }
}
