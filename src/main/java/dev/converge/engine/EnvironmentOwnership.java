package dev.converge.engine;

import java.util.Optional;

/**
 * Whether this replica may change an environment now. Several replicas share the environments through
 * leases; the engine asks before every mutating step, so a replica that lost an environment halfway
 * through a pass stops there. Without leases (one replica, a local run, the CLI) everything is owned.
 */
public interface EnvironmentOwnership {

    /** Owns every environment: the only replica there is. */
    EnvironmentOwnership EVERYTHING = environment -> true;

    boolean mayMutate(String environment);

    /**
     * The replica that holds the environment's lease now, this one included, as the lease names it; empty
     * without leases, and when no replica holds it (or the holder cannot be read).
     */
    default Optional<String> owner(String environment) {
        return Optional.empty();
    }
}
