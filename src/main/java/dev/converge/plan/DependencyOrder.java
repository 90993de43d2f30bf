package dev.converge.plan;

import dev.converge.model.ReferenceCycles;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Orders resources so that everything a resource needs to exist is created before it. Ties are broken
 * by kind rank, then name, so plans are stable from one pass to the next.
 */
public final class DependencyOrder {

    private final List<String> kindRank;

    /** @param kindRank kinds from the ones nothing depends on first to the ones created last */
    public DependencyOrder(List<String> kindRank) {
        this.kindRank = List.copyOf(kindRank);
    }

    public Comparator<ResourceKey> byKind() {
        return Comparator.<ResourceKey>comparingInt(key -> rankOf(key.kind())).thenComparing(ResourceKey::name);
    }

    private int rankOf(String kind) {
        int rank = kindRank.indexOf(kind);
        return rank < 0 ? kindRank.size() : rank;
    }

    /**
     * Resources in creation order. References to keys outside the list are ignored (the validator
     * reports them); ordering references that form a cycle are reported by {@link #findCycle}.
     */
    public List<Resource> creationOrder(List<Resource> resources) {
        Map<ResourceKey, Resource> byKey = new LinkedHashMap<>();
        resources.forEach(r -> byKey.put(r.key(), r));
        Map<ResourceKey, Integer> pending = new HashMap<>();
        Map<ResourceKey, List<ResourceKey>> dependents = new HashMap<>();
        for (Resource resource : resources) {
            int count = 0;
            for (ResourceKey target : ReferenceCycles.orderingTargets(resource, byKey)) {
                dependents.computeIfAbsent(target, k -> new ArrayList<>()).add(resource.key());
                count++;
            }
            pending.put(resource.key(), count);
        }
        PriorityQueue<ResourceKey> ready = new PriorityQueue<>(byKind());
        pending.forEach((key, count) -> {
            if (count == 0) {
                ready.add(key);
            }
        });
        List<Resource> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            ResourceKey next = ready.poll();
            ordered.add(byKey.get(next));
            for (ResourceKey dependent : dependents.getOrDefault(next, List.of())) {
                if (pending.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (ordered.size() < byKey.size()) {
            throw new IllegalArgumentException("reference cycle: " + findCycle(resources).orElseThrow());
        }
        return ordered;
    }

    /** A cycle of ordering references, as the list of keys along it, if there is one. */
    public Optional<List<ResourceKey>> findCycle(List<Resource> resources) {
        return ReferenceCycles.find(resources);
    }
}
