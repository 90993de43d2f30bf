package dev.converge.plan;

import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.List;
import java.util.Set;

/**
 * One step of a plan.
 *
 * @param desired the declared resource; null for deletes and orphans
 * @param observed the live resource; null for creates
 * @param fields the fields that differ; those the kind marks sensitive come out marked
 * @param note why a step is reported rather than executed, or other context for people
 */
public record Change(
        ResourceKey key, Action action, List<FieldChange> fields, Resource desired, ObservedResource observed, String note) {

    public Change {
        // Marked here, where the kind is known, so that no renderer or log line can forget a secret.
        Set<String> sensitive = desired == null ? Set.of() : desired.spec().sensitiveFields();
        fields = fields.stream().map(f -> f.marked(sensitive)).toList();
    }

    public String kind() {
        return key.kind();
    }
}
