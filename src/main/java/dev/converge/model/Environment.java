package dev.converge.model;

import java.util.Map;

/**
 * One AWS account and region that Converge keeps converged, with the policy that governs every pass
 * there.
 *
 * @param maxDeleteFraction the share of its managed resources one plan may delete, 0..1; null for the
 *     controller's {@code converge.guards.max-delete-fraction}
 */
public record Environment(
        String name,
        String region,
        String accountId,
        String roleArn,
        Mode mode,
        boolean prune,
        Map<String, String> tags,
        Double maxDeleteFraction) {

    /** An environment under the controller's delete limit. */
    public Environment(String name, String region, String accountId, String roleArn, Mode mode, boolean prune,
            Map<String, String> tags) {
        this(name, region, accountId, roleArn, mode, prune, tags, null);
    }

    public Environment {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        mode = mode == null ? Mode.ENFORCE : mode;
    }
}
