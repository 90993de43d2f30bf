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
 * @param resources per kind, the only resources of it to re-read where its driver can read some for less than
 *     all (the buckets events named); a kind not here is re-read whole
 */
public record PassScope(Optional<Set<String>> kinds, Map<ResourceKey, Attribution> causes, Map<String, Set<ResourceKey>> resources) {

    public static final PassScope EVERYTHING = new PassScope(Optional.empty(), Map.of(), Map.of());

    public PassScope {
        kinds = kinds.map(Set::copyOf);
        causes = Map.copyOf(causes);
        resources = Map.copyOf(resources);
    }

    public static PassScope of(Set<String> kinds, Map<ResourceKey, Attribution> causes) {
        return of(kinds, causes, Map.of());
    }

    public static PassScope of(Set<String> kinds, Map<ResourceKey, Attribution> causes, Map<String, Set<ResourceKey>> resources) {
        return new PassScope(Optional.of(kinds), causes, resources);
    }

    /** The only resources of {@code kind} to re-read, when the pass is limited to some of them. */
    public Optional<Set<ResourceKey>> resourcesOf(String kind) {
        return Optional.ofNullable(resources.get(kind));
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
