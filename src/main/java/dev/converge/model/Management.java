package dev.converge.model;

import java.util.List;

/**
 * Per-resource overrides of how Converge manages a resource.
 *
 * @param prune overrides the environment's prune setting for this resource once it leaves the spec; by
 *     then the spec no longer says so, so {@link Ownership#desiredTags} records it as the
 *     {@link Ownership#PRUNE} tag, which the planner reads for undeclared resources
 * @param allowReplacement lets a pass delete and recreate the resource when a field that AWS cannot
 *     change in place differs
 * @param ignoreChanges spec fields that are set at creation but never enforced afterwards
 */
public record Management(Boolean prune, boolean allowReplacement, List<String> ignoreChanges) {

    public static final Management DEFAULT = new Management(null, false, List.of());

    public Management {
        ignoreChanges = ignoreChanges == null ? List.of() : List.copyOf(ignoreChanges);
    }
}
