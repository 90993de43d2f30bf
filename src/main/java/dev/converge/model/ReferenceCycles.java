package dev.converge.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cycles among the ordering references of a spec's resources, which no creation order can satisfy. */
public final class ReferenceCycles {

    private ReferenceCycles() {}

    /** A cycle of ordering references, as the list of keys along it, if there is one. */
    public static Optional<List<ResourceKey>> find(List<Resource> resources) {
        Map<ResourceKey, Resource> byKey = new LinkedHashMap<>();
        resources.forEach(r -> byKey.put(r.key(), r));
        Map<ResourceKey, Integer> state = new HashMap<>();
        for (ResourceKey start : byKey.keySet()) {
            List<ResourceKey> path = new ArrayList<>();
            Optional<List<ResourceKey>> cycle = visit(start, byKey, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<ResourceKey>> visit(
            ResourceKey key, Map<ResourceKey, Resource> byKey, Map<ResourceKey, Integer> state, List<ResourceKey> path) {
        int seen = state.getOrDefault(key, 0);
        if (seen == 2) {
            return Optional.empty();
        }
        if (seen == 1) {
            List<ResourceKey> cycle = new ArrayList<>(path.subList(path.indexOf(key), path.size()));
            cycle.add(key);
            return Optional.of(cycle);
        }
        state.put(key, 1);
        path.add(key);
        for (ResourceKey target : orderingTargets(byKey.get(key), byKey)) {
            Optional<List<ResourceKey>> cycle = visit(target, byKey, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(key, 2);
        return Optional.empty();
    }

    /** The resources among {@code known} that a resource must follow. */
    public static List<ResourceKey> orderingTargets(Resource resource, Map<ResourceKey, Resource> known) {
        return resource.references().stream()
                .filter(Reference::ordering)
                .map(Reference::target)
                .filter(known::containsKey)
                .distinct()
                .toList();
    }
}
