package dev.converge.engine;

import dev.converge.plan.Plan;

/**
 * Told of the drift a pass found when it has planned, before it converges it: a pass that repairs what it
 * found takes its whole length, and drift reported only at its end would page after it was gone.
 */
@FunctionalInterface
public interface DriftListener {

    DriftListener NONE = (environment, detected) -> {};

    /** @param detected the pass's first plan: what differed from the spec when it began */
    void detected(String environment, Plan detected);
}
