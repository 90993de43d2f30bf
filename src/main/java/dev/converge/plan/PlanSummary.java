package dev.converge.plan;

import java.util.Collection;

/**
 * What plans add up to, counted the way people read a plan: a replacement is one create and one
 * delete, an adoption an update (it changes an existing object); steps that are only reported (held for approval, blocked replacements and updates, orphans, conflicts,
 * refused deletes) are counted apart.
 */
public record PlanSummary(int create, int update, int delete, int reported) {

    public static PlanSummary of(Collection<Plan> plans) {
        int create = 0;
        int update = 0;
        int delete = 0;
        int reported = 0;
        for (Plan plan : plans) {
            for (Change change : plan.changes()) {
                switch (change.action()) {
                    case CREATE -> create++;
                    case UPDATE, ADOPT -> update++;
                    case DELETE -> delete++;
                    case REPLACE -> {
                        create++;
                        delete++;
                    }
                    default -> reported++;
                }
            }
        }
        return new PlanSummary(create, update, delete, reported);
    }

    /** Whether the plans hold nothing at all, neither steps nor reports: AWS matches the spec. */
    public boolean isEmpty() {
        return create + update + delete + reported == 0;
    }

    @Override
    public String toString() {
        return "Plan: " + create + " to create, " + update + " to update, " + delete + " to delete, " + reported + " reported.";
    }
}
