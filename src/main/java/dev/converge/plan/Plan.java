package dev.converge.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The ordered changes that would bring one environment to its spec. */
public record Plan(String environment, List<Change> changes) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> executable() {
        return changes.stream().filter(c -> c.action().executable()).toList();
    }

    /** Resources whose live state differs from the spec, per kind. */
    public Map<String, Integer> driftByKind() {
        return countByKind(c -> c.action().drift());
    }

    /** Resources that left the spec and stay in AWS, because prune is off or AWS protects them, per kind. */
    public Map<String, Integer> orphansByKind() {
        return countByKind(c -> c.action() == Action.ORPHAN || c.action() == Action.PROTECTED);
    }

    /** Resources whose identity is held by something else or by several AWS objects, per kind. */
    public Map<String, Integer> conflictsByKind() {
        return countByKind(c -> c.action() == Action.CONFLICT);
    }

    private Map<String, Integer> countByKind(Predicate<Change> which) {
        Map<String, Integer> counts = new TreeMap<>();
        changes.stream().filter(which).forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        return counts;
    }
}
