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
 * @param approval replaces the environment's approval policy for this resource; recorded as the
 *     {@link Ownership#APPROVAL} tag so that it still holds for its delete once it has left the spec
 * @param acknowledge drift in named fields accepted until a day: reported, not corrected
 * @param adopt the AWS id or name of an existing object, without Converge's tags, that becomes this
 *     resource: its tags are written onto it instead of creating one ({@link Adoption})
 */
public record Management(
        Boolean prune,
        boolean allowReplacement,
        List<String> ignoreChanges,
        ApprovalPolicy approval,
        List<Acknowledgement> acknowledge,
        String adopt) {

    public static final Management DEFAULT = new Management(null, false, List.of());

    public Management {
        ignoreChanges = ignoreChanges == null ? List.of() : List.copyOf(ignoreChanges);
        acknowledge = acknowledge == null ? List.of() : List.copyOf(acknowledge);
    }

    public Management(Boolean prune, boolean allowReplacement, List<String> ignoreChanges) {
        this(prune, allowReplacement, ignoreChanges, null, List.of(), null);
    }
}
