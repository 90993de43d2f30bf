package dev.converge.engine;

import dev.converge.model.Environment;
import dev.converge.plan.DeleteGuard;

/**
 * What keeps a pass from doing too much: the share of an environment one plan may delete, and when a
 * resource that keeps needing the same change, or keeps failing, is held back.
 *
 * @param maxDeleteFraction the share of managed resources a plan may delete, unless the environment sets its own
 * @param loopThreshold passes in a row needing the same change before a resource counts as flapping
 * @param maxBackoffPasses the longest a resource is held back, in passes; 0 never holds one back
 */
public record PassGuards(double maxDeleteFraction, int loopThreshold, int maxBackoffPasses) {

    public static final PassGuards DEFAULTS = new PassGuards(0.25, 3, 16);

    /** No guard ever steps in: for tests of what passes do when nothing holds them back. */
    public static final PassGuards OFF = new PassGuards(1, Integer.MAX_VALUE, 0);

    public PassGuards {
        // a share outside 0..1 fails at startup rather than on the first pass
        new DeleteGuard(maxDeleteFraction);
    }

    public DeleteGuard deleteGuardFor(Environment environment) {
        return new DeleteGuard(environment.maxDeleteFraction() == null ? maxDeleteFraction : environment.maxDeleteFraction());
    }

    public ResourceBackoff backoff() {
        return new ResourceBackoff(loopThreshold, maxBackoffPasses);
    }
}
