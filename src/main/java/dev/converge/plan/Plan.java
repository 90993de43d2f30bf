package dev.converge.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The ordered changes that would bring one environment to its spec.
 *
 * @param acknowledged drift the spec acknowledges for now: left in place, reported apart from the changes
 */
public record Plan(String environment, List<Change> changes, List<AcknowledgedDrift> acknowledged) {

    public Plan {
        changes = List.copyOf(changes);
        acknowledged = List.copyOf(acknowledged);
    }

    public Plan(String environment, List<Change> changes) {
        this(environment, changes, List.of());
    }

    /** The same plan with other steps; the acknowledged drift stays. */
    public Plan withChanges(List<Change> other) {
        return new Plan(environment, other, acknowledged);
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

    /** Steps that wait for a person's approval, per kind. */
    public Map<String, Integer> heldByKind() {
        return countByKind(Change::awaitsApproval);
    }

    /** Resources whose acknowledged drift is left in place, per kind. */
    public Map<String, Integer> acknowledgedByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        acknowledged.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        return counts;
    }

    private Map<String, Integer> countByKind(Predicate<Change> which) {
        Map<String, Integer> counts = new TreeMap<>();
        changes.stream().filter(which).forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        return counts;
    }
}
