package dev.converge.spec;

import dev.converge.model.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declarations by identity: environments by name, resources by environment and key. The first
 * declaration of an identity wins; later ones are reported as duplicates with both locations.
 */
final class SpecIndex {

    private final Map<String, Declaration.OfEnvironment> environments = new LinkedHashMap<>();
    private final Map<String, Map<ResourceKey, Declaration.OfResource>> resources = new LinkedHashMap<>();

    static SpecIndex of(List<Declaration> declarations, Findings findings) {
        SpecIndex index = new SpecIndex();
        for (Declaration declaration : declarations) {
            if (declaration instanceof Declaration.OfEnvironment e) {
                Declaration.OfEnvironment first = index.environments.putIfAbsent(e.environment().name(), e);
                if (first != null) {
                    duplicate(findings, e, first, "Environment '" + e.environment().name() + "'");
                }
            } else if (declaration instanceof Declaration.OfResource r && r.resource().environment() != null) {
                Declaration.OfResource first = index.resources
                        .computeIfAbsent(r.resource().environment(), env -> new LinkedHashMap<>())
                        .putIfAbsent(r.resource().key(), r);
                if (first != null) {
                    duplicate(findings, r, first, r.resource().kind() + " '" + r.resource().name()
                            + "' in environment '" + r.resource().environment() + "'");
                }
            }
        }
        return index;
    }

    private static void duplicate(Findings findings, Declaration again, Declaration first, String what) {
        findings.at(again.source(), "/metadata/name",
                "duplicate " + what + "; also declared at " + Findings.where(first.source(), "/metadata/name"));
    }

    boolean hasEnvironment(String name) {
        return environments.containsKey(name);
    }

    Optional<Declaration.OfEnvironment> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    List<String> environmentNames() {
        return List.copyOf(environments.keySet());
    }

    Optional<Declaration.OfResource> resource(String environment, ResourceKey key) {
        return Optional.ofNullable(resources.getOrDefault(environment, Map.of()).get(key));
    }

    /** Each environment's first declaration of every resource key, in declaration order. */
    Map<String, List<Declaration.OfResource>> resourcesByEnvironment() {
        Map<String, List<Declaration.OfResource>> byEnvironment = new LinkedHashMap<>();
        resources.forEach((env, byKey) -> byEnvironment.put(env, new ArrayList<>(byKey.values())));
        return byEnvironment;
    }

    List<String> namesOf(String environment, String kind) {
        return resources.getOrDefault(environment, Map.of()).keySet().stream()
                .filter(key -> key.kind().equals(kind))
                .map(ResourceKey::name)
                .sorted()
                .toList();
    }
}
