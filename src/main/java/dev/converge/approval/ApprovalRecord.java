package dev.converge.approval;

import java.time.Instant;
import java.util.List;

/**
 * One step held for approval, as stored: what it would do and, once approved, by whom and until when.
 * Instants are ISO-8601 text, so the stored form reads the same to people and to every replica.
 *
 * @param changes the step's field changes as the audit log shows them ({@code field: before -> after})
 * @param heldSince when a pass first held the step
 * @param approvedBy who approved it; null while it awaits approval
 */
public record ApprovalRecord(
        String id,
        String environment,
        String resource,
        String step,
        List<String> changes,
        String heldSince,
        String approvedBy,
        String approvedAt,
        String expiresAt) {

    public ApprovalRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public boolean approved() {
        return approvedBy != null;
    }

    /** Approved and not yet expired at {@code now}. */
    public boolean inForce(Instant now) {
        return approved() && expiresAt != null && now.isBefore(Instant.parse(expiresAt));
    }

    public ApprovalRecord approve(String by, Instant at, Instant expires) {
        return new ApprovalRecord(id, environment, resource, step, changes, heldSince, by, at.toString(), expires.toString());
    }
}
