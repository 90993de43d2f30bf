package dev.converge.plan;

import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.List;

/**
 * One step of a plan.
 *
 * @param desired the declared resource; null for deletes and orphans
 * @param observed the live resource; null for creates
 * @param note why a step is reported rather than executed, or other context for people
 */
public record Change(
        ResourceKey key, Action action, List<FieldChange> fields, Resource desired, ObservedResource observed, String note) {

    public Change {
        fields = List.copyOf(fields);
    }

    public String kind() {
        return key.kind();
    }
}
