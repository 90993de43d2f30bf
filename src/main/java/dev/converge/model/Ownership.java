package dev.converge.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tags by which Converge recognises what it owns. They are written in the create call itself so
 * that a resource can never exist in AWS without them.
 */
public final class Ownership {

    /** What every Converge tag's key starts with. */
    public static final String PREFIX = "converge:";
    public static final String MANAGED_BY = PREFIX + "managed-by";
    public static final String ENVIRONMENT = "converge:environment";
    public static final String RESOURCE = "converge:resource";
    public static final String NAME = "Name";
    /**
     * A resource's own {@code management.prune}, written only when its spec sets one, so that the
     * setting still applies once the resource has left the spec.
     */
    public static final String PRUNE = "converge:prune";
    /**
     * Marks what Converge declares for itself rather than the spec does (its event rule and queues, named
     * by the value): removing those when their feature is turned off is no truncated spec.
     */
    public static final String INTERNAL = "converge:internal";
    /**
     * Marks a queue Converge declares for itself whose messages it can do without (its event queue, whose
     * events the periodic pass covers): such a queue is deleted even while it holds messages.
     */
    public static final String DISPOSABLE = "converge:disposable";
    /**
     * A resource's own {@code management.approval}, written only when its spec sets one: the steps that
     * need approval, separated by spaces, or {@code none}; so that its delete still waits once it has left
     * the spec.
     */
    public static final String APPROVAL = "converge:approval";
    private static final String NO_APPROVAL = "none";
    /** The tags {@link #desiredTags} adds to every resource, whatever its spec says. */
    public static final Set<String> KEYS = Set.of(NAME, MANAGED_BY, ENVIRONMENT, RESOURCE);

    private Ownership() {}

    /**
     * Every tag a resource must carry: environment defaults, its own tags, then the ownership tags (and
     * its prune setting when the spec declares one).
     */
    public static Map<String, String> desiredTags(String controller, Environment environment, Resource spec) {
        Map<String, String> tags = new LinkedHashMap<>(environment.tags());
        tags.putAll(spec.tags());
        tags.put(NAME, spec.name());
        tags.put(MANAGED_BY, controller);
        tags.put(ENVIRONMENT, environment.name());
        tags.put(RESOURCE, spec.key().toString());
        if (spec.management().prune() != null) {
            tags.put(PRUNE, spec.management().prune().toString());
        }
        ApprovalPolicy approval = spec.management().approval();
        if (approval != null) {
            tags.put(APPROVAL, approval.required().isEmpty() ? NO_APPROVAL : String.join(" ", approval.required()));
        }
        return Map.copyOf(tags);
    }

    /**
     * The tags a resource hands on to what it launches (a fleet's instances and volumes): its own tags
     * without the ownership tags, because Converge does not manage those instances and must never
     * mistake one for a resource of its own.
     */
    public static Map<String, String> propagated(Map<String, String> tags) {
        Map<String, String> propagated = new LinkedHashMap<>(tags);
        propagated.keySet().removeAll(List.of(MANAGED_BY, ENVIRONMENT, RESOURCE, PRUNE, APPROVAL));
        return Map.copyOf(propagated);
    }

    /**
     * The prune setting recorded on a resource's tags; empty when it has none, and when the tag holds
     * anything but {@code true} or {@code false} (edited by hand), so the environment's setting applies.
     */
    public static Optional<Boolean> pruneSetting(Map<String, String> tags) {
        String value = tags.get(PRUNE);
        return "true".equals(value) || "false".equals(value) ? Optional.of(Boolean.valueOf(value)) : Optional.empty();
    }

    /**
     * The approval policy recorded on a resource's tags; empty when it has none or the tag names anything
     * but known steps (edited by hand), so the environment's policy applies.
     */
    public static Optional<ApprovalPolicy> approvalSetting(Map<String, String> tags) {
        String value = tags.get(APPROVAL);
        if (value == null) {
            return Optional.empty();
        }
        if (value.equals(NO_APPROVAL)) {
            return Optional.of(ApprovalPolicy.NONE);
        }
        List<String> steps = List.of(value.trim().split(" +"));
        return ApprovalPolicy.STEPS.containsAll(steps) ? Optional.of(new ApprovalPolicy(steps)) : Optional.empty();
    }
}
