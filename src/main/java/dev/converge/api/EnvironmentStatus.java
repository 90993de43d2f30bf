package dev.converge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One environment of the spec in force and how its newest pass went.
 *
 * @param accountId the account the environment is pinned to; absent when the spec names none
 * @param lastPass null until a pass has run over the environment
 * @param drift resources still differing from the spec after the newest pass, per kind; null when no
 *     pass has observed the environment yet
 * @param awaitingApproval steps held for approval after the newest pass, per kind; null likewise
 * @param acknowledged resources with acknowledged drift left in place, per kind; null likewise
 */
public record EnvironmentStatus(
        String name,
        String region,
        String mode,
        boolean prune,
        @JsonInclude(JsonInclude.Include.NON_NULL) String accountId,
        PassStatus lastPass,
        Map<String, Integer> drift,
        Map<String, Integer> awaitingApproval,
        Map<String, Integer> acknowledged) {}
