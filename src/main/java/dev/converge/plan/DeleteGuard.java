package dev.converge.plan;

import dev.converge.model.Ownership;
import java.util.Locale;

/**
 * Refuses a plan's deletes when together they would remove more than a share of an environment's
 * managed resources: a truncated spec (a bad merge, a wrong path) must not empty an account in one pass.
 * A single delete always passes, so that small environments can still prune. What Converge declared for
 * itself ({@link Ownership#INTERNAL}: its event rule and queues, removed when events are turned off) is
 * neither counted nor refused.
 *
 * @param maxFraction the share of managed resources one plan may delete, 0..1
 */
public record DeleteGuard(double maxFraction) {

    public DeleteGuard {
        if (!(maxFraction >= 0 && maxFraction <= 1)) {
            throw new IllegalArgumentException("the share of resources a plan may delete must be between 0 and 1, not " + maxFraction);
        }
    }

    /** The plan to carry out, and why its deletes were refused (null when they were not). */
    public record Verdict(Plan plan, String refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }

    /** @param managed how many resources Converge manages in the environment now, as observed */
    public Verdict check(Plan plan, int managed) {
        long deletes = plan.changes().stream().filter(DeleteGuard::deletes).count();
        if (deletes <= 1 || deletes <= maxFraction * managed) {
            return new Verdict(plan, null);
        }
        String refusal = String.format(Locale.ROOT,
                "refused to delete %d of %d managed resources (%.0f%%): more than the limit of %.0f%%",
                deletes, managed, managed == 0 ? 100.0 : 100.0 * deletes / managed, 100 * maxFraction);
        return new Verdict(plan.withChanges(plan.changes().stream()
                .map(c -> deletes(c) ? c.as(Action.DELETE_REFUSED, refusal) : c)
                .toList()), refusal);
    }

    private static boolean deletes(Change change) {
        return (change.action() == Action.DELETE || change.action() == Action.REPLACE)
                && (change.observed() == null || !change.observed().tags().containsKey(Ownership.INTERNAL));
    }
}
