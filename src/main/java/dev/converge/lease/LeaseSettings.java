package dev.converge.lease;

import java.time.Duration;

/**
 * How this replica takes part in the environment leases.
 *
 * @param controller the controller name: leases of two installations with different names never meet
 * @param namespace where the leases live, the pod's own namespace
 * @param identity this replica, the pod name: what the leases name as their holder
 * @param duration how long a lease holds without renewal; whole seconds, as a Lease records it
 * @param renewPeriod how often held leases are renewed and the shares recomputed
 * @param margin how long before its lease could expire a replica stops mutating: covers the clock skew
 *     between replicas and a step begun just before the deadline
 */
public record LeaseSettings(String controller, String namespace, String identity, Duration duration, Duration renewPeriod,
        Duration margin) {

    public LeaseSettings {
        if (duration.isNegative() || duration.isZero() || duration.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("converge.lease.duration must be a whole number of seconds, not " + duration);
        }
        if (margin.isNegative() || margin.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("converge.lease.margin (" + margin + ") must be shorter than converge.lease.duration ("
                    + duration + ")");
        }
        if (renewPeriod.isNegative() || renewPeriod.isZero() || renewPeriod.compareTo(duration.minus(margin)) >= 0) {
            throw new IllegalArgumentException("converge.lease.renew-period (" + renewPeriod
                    + ") must be shorter than the lease duration less the margin (" + duration.minus(margin)
                    + "), or a replica would stop mutating between two renewals");
        }
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("a replica needs an identity: set POD_NAME (or converge.lease.identity)");
        }
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("leases need a namespace: set POD_NAMESPACE (or converge.lease.namespace)");
        }
    }
}
