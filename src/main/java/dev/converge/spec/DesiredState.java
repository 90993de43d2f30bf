package dev.converge.spec;

import dev.converge.model.Environment;
import dev.converge.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a spec declares: the environments by name and, per environment, its resources in the
 * order they were declared (files sorted by name, documents in file order).
 */
public record DesiredState(
        Map<String, Environment> environments, Map<String, List<Resource>> resources, List<SpecError> warnings) {

    public DesiredState {
        environments = Map.copyOf(environments);
        resources = Map.copyOf(resources);
        warnings = List.copyOf(warnings);
    }

    public DesiredState(Map<String, Environment> environments, Map<String, List<Resource>> resources) {
        this(environments, resources, List.of());
    }

    /** Builds the state from validated declarations (one per environment and per resource key). */
    static DesiredState of(List<Declaration> declarations, List<SpecError> warnings) {
        Map<String, Environment> environments = new TreeMap<>();
        Map<String, List<Resource>> resources = new TreeMap<>();
        for (Declaration declaration : declarations) {
            if (declaration instanceof Declaration.OfEnvironment e) {
                environments.put(e.environment().name(), e.environment());
                resources.computeIfAbsent(e.environment().name(), name -> new ArrayList<>());
            }
        }
        for (Declaration declaration : declarations) {
            if (declaration instanceof Declaration.OfResource r) {
                resources.get(r.resource().environment()).add(r.resource());
            }
        }
        resources.replaceAll((name, list) -> List.copyOf(list));
        return new DesiredState(environments, resources, warnings);
    }

    /** The resources of one environment; none for an environment the spec does not declare. */
    public List<Resource> resourcesOf(String environment) {
        return resources.getOrDefault(environment, List.of());
    }
}
