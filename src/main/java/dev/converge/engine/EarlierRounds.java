package dev.converge.engine;

import dev.converge.aws.DriverContext;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.plan.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the earlier rounds of a pass mean for the step a later round plans for a resource. Pure: it
 * compares the round's plan and observation with what the pass did before.
 */
final class EarlierRounds {

    static final String NOT_CONVERGING = "not converging";

    private EarlierRounds() {}

    /**
     * The steps that must not be carried out again in this pass, each with why: a create of something
     * this pass already created and AWS does not list yet (describe calls lag behind creates; creating
     * again would make a twin), and a step that succeeded and is needed again with the very same
     * difference: AWS accepted it and reads back something else, so sending it again would loop.
     * A resource AWS is still working on is neither: the same step again is how it progresses.
     */
    static Map<ResourceKey, String> waits(Plan plan, DriverContext context, Map<ResourceKey, Change> succeeded) {
        Map<ResourceKey, String> waits = new HashMap<>();
        for (Change change : plan.executable()) {
            Optional<String> created = context.createdId(change.key());
            if (created.isPresent() && !context.observed().lists(change.key(), created.get())) {
                waits.put(change.key(), "created as " + created.get() + " earlier in this pass; waiting for AWS to list it");
                continue;
            }
            Change before = succeeded.get(change.key());
            boolean again = before != null && before.action() == change.action() && before.fields().equals(change.fields());
            if (again && (change.observed() == null || !change.observed().progressing())) {
                waits.put(change.key(), notConverging(change.fields()));
            }
        }
        return waits;
    }

    /** Notes for the steps of resources that AWS is still working on. */
    static Map<ResourceKey, String> progress(Plan plan) {
        Map<ResourceKey, String> notes = new HashMap<>();
        plan.executable().stream()
                .filter(c -> c.observed() != null && c.observed().progressing())
                .forEach(c -> notes.put(c.key(), "in progress: " + c.observed().progress()));
        return notes;
    }

    private static String notConverging(List<FieldChange> fields) {
        String differences = String.join("; ", fields.stream()
                .map(f -> f.field() + ": declared " + f.after() + ", AWS reads back " + f.before())
                .toList());
        return NOT_CONVERGING + ": AWS accepted the change but reads back something else (" + differences
                + "); it is not sent again in this pass";
    }
}
