package dev.converge.model;

import java.util.Map;

/**
 * One AWS account and region that Converge keeps converged, with the policy that governs every pass
 * there.
 */
public record Environment(
        String name,
        String region,
        String accountId,
        String roleArn,
        Mode mode,
        boolean prune,
        Map<String, String> tags) {

    public Environment {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        mode = mode == null ? Mode.ENFORCE : mode;
    }
}
