package dev.converge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.converge.plan.PlanJson.AcknowledgedJson;
import dev.converge.plan.PlanJson.ChangeJson;
import dev.converge.plan.UnmanagedReport;
import java.util.List;

/**
 * An environment's status with what its newest pass left differing, in the plan JSON's change shape.
 *
 * @param drifted resources whose live state differs from the spec (also blocked replacements and
 *     conflicts, with their notes); null when no pass has observed the environment yet
 * @param orphans resources that left the spec and stay in AWS because prune is off; null likewise
 * @param heldSteps steps held until a person approves them: each with the change it would make
 *     ({@code fields}, {@code note}) and its {@code approval} ({@code id}, the held {@code step}); null likewise
 * @param acknowledgedDrift drift the spec acknowledges for now, left in place and not counted in {@code drifted}:
 *     each with its fields, {@code reason} and last day {@code until}; null likewise
 * @param unmanaged what the newest pass found in the environment's reach without Converge tags; absent
 *     when the environment does not ask for that report or no pass has made it yet
 */
public record EnvironmentDetail(
        @JsonUnwrapped EnvironmentStatus status,
        List<ChangeJson> drifted,
        List<ChangeJson> orphans,
        List<ChangeJson> heldSteps,
        List<AcknowledgedJson> acknowledgedDrift,
        @JsonInclude(JsonInclude.Include.NON_NULL) UnmanagedReport unmanaged) {}
