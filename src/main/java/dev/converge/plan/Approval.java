package dev.converge.plan;

import java.time.Instant;

/**
 * The approval a step needs, found or not.
 *
 * @param id derived from the environment, the resource and the exact change ({@link ApprovalIds}): an
 *     approval covers nothing else
 * @param step what the step does once approved
 * @param approvedBy who approved it; null while it awaits approval
 * @param expiresAt when the approval given lapses; null while it awaits approval
 */
public record Approval(String id, Action step, String approvedBy, Instant expiresAt) {

    public static Approval awaiting(String id, Action step) {
        return new Approval(id, step, null, null);
    }

    public boolean granted() {
        return approvedBy != null;
    }
}
