package dev.converge.engine;

import dev.converge.model.ResourceKey;
import dev.converge.plan.Plan;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a pass re-observes and may change: every kind (a scheduled pass), or only some (a pass an event
 * started), the others taken as the environment's last pass left them. What a limited pass reports as
 * remaining covers every kind; what it detects and executes, only its own.
 *
 * @param kinds the kinds the pass re-reads and converges; empty for every kind
 * @param causes for the resources events named, who changed them and when
 */
public record PassScope(Optional<Set<String>> kinds, Map<ResourceKey, Attribution> causes) {

    public static final PassScope EVERYTHING = new PassScope(Optional.empty(), Map.of());

    public PassScope {
        kinds = kinds.map(Set::copyOf);
        causes = Map.copyOf(causes);
    }

    public static PassScope of(Set<String> kinds, Map<ResourceKey, Attribution> causes) {
        return new PassScope(Optional.of(kinds), causes);
    }

    public boolean limited() {
        return kinds.isPresent();
    }

    public boolean includes(String kind) {
        return kinds.map(k -> k.contains(kind)).orElse(true);
    }

    /** The plan's changes of the kinds of this scope. */
    public Plan restrict(Plan plan) {
        return limited() ? new Plan(plan.environment(), plan.changes().stream().filter(c -> includes(c.kind())).toList()) : plan;
    }
}
