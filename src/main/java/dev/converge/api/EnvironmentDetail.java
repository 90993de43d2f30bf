package dev.converge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.converge.plan.PlanJson.ChangeJson;
import dev.converge.plan.UnmanagedReport;
import java.util.List;

/**
 * An environment's status with what its newest pass left differing, in the plan JSON's change shape.
 *
 * @param drifted resources whose live state differs from the spec (also blocked replacements and
 *     conflicts, with their notes); null when no pass has observed the environment yet
 * @param orphans resources that left the spec and stay in AWS because prune is off; null likewise
 * @param unmanaged what the newest pass found in the environment's reach without Converge tags; absent
 *     when the environment does not ask for that report or no pass has made it yet
 */
public record EnvironmentDetail(
        @JsonUnwrapped EnvironmentStatus status,
        List<ChangeJson> drifted,
        List<ChangeJson> orphans,
        @JsonInclude(JsonInclude.Include.NON_NULL) UnmanagedReport unmanaged) {}
