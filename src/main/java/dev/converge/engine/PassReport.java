package dev.converge.engine;

import dev.converge.model.ResourceKey;
import dev.converge.plan.Plan;
import dev.converge.plan.UnmanagedReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of one pass over one environment.
 *
 * @param detected the plan computed from the pass's first observation: the drift the pass found
 * @param remaining the plan after the pass's last observation: what still differs now; null when the
 *     pass could not observe
 * @param error why the pass failed as a whole (observation or a guard), or null
 * @param flapping resources flagged as needing the same change pass after pass, held back for now
 * @param unmanaged what the pass found in the environment's reach that no spec describes; null when the
 *     environment does not ask for that report, or the pass could not observe
 * @param causes for a pass that events started, who changed the resources they named, and when
 */
public record PassReport(
        String environment,
        Instant started,
        Duration duration,
        Plan detected,
        Plan remaining,
        List<Outcome> outcomes,
        String error,
        Set<ResourceKey> flapping,
        UnmanagedReport unmanaged,
        Map<ResourceKey, Attribution> causes) {

    public PassReport {
        outcomes = List.copyOf(outcomes);
        flapping = Set.copyOf(flapping);
        causes = Map.copyOf(causes);
    }

    public PassReport(
            String environment, Instant started, Duration duration, Plan detected, Plan remaining, List<Outcome> outcomes,
            String error, Set<ResourceKey> flapping) {
        this(environment, started, duration, detected, remaining, outcomes, error, flapping, null, Map.of());
    }

    public PassReport(
            String environment, Instant started, Duration duration, Plan detected, Plan remaining, List<Outcome> outcomes,
            String error) {
        this(environment, started, duration, detected, remaining, outcomes, error, Set.of());
    }

    /** Nothing failed: steps that wait on AWS, or on a resource that is held back or waits, are no failure. */
    public boolean success() {
        return error == null && outcomes.stream().noneMatch(o -> o.result() == Outcome.Result.ERROR);
    }

    /** Steps that changed AWS: done, or accepted and still being carried out. */
    public long mutations() {
        return outcomes.stream()
                .filter(o -> o.result() == Outcome.Result.SUCCESS || o.result() == Outcome.Result.WAITING)
                .count();
    }
}
