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
 * @param approval for a step the approval policy governs: its approval id and whether, and by whom, it is
 *     approved; null for steps that need no approval
 */
public record Change(
        ResourceKey key, Action action, List<FieldChange> fields, Resource desired, ObservedResource observed, String note,
        Approval approval) {

    public Change(ResourceKey key, Action action, List<FieldChange> fields, Resource desired, ObservedResource observed,
            String note) {
        this(key, action, fields, desired, observed, note, null);
    }

    public Change {
        // Marked here, where the kind is known, so that no renderer or log line can forget a secret.
        Set<String> sensitive = desired == null ? Set.of() : desired.spec().sensitiveFields();
        fields = fields.stream().map(f -> f.marked(sensitive)).toList();
    }

    public String kind() {
        return key.kind();
    }

    /** The same step with {@code added} after its note. */
    public Change withNote(String added) {
        return new Change(key, action, fields, desired, observed, note == null ? added : note + "; " + added, approval);
    }

    /** The same step as another action, with the given note (a refused or held step keeps its fields). */
    public Change as(Action other, String newNote) {
        return new Change(key, other, fields, desired, observed, newNote, approval);
    }

    /** The same step, governed by the approval given. */
    public Change withApproval(Approval given) {
        return new Change(key, action, fields, desired, observed, note, given);
    }

    /** Whether the step is held until a person approves exactly this change. */
    public boolean awaitsApproval() {
        return action == Action.AWAITING_APPROVAL;
    }

    /** What the step does, or would do once approved: the held step of one awaiting approval. */
    public Action step() {
        return action == Action.AWAITING_APPROVAL ? approval.step() : action;
    }
}
