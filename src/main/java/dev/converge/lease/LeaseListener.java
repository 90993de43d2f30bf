package dev.converge.lease;

import java.util.Set;

/** What a replica does as its environment leases change hands. Called on the lease thread: it must not block. */
public interface LeaseListener {

    /** Environments this replica took in one round, free or expired until then: converge them now, not at the next tick. */
    void acquired(Set<String> environments);

    /** This replica no longer holds the environment's lease: handed back, taken by another replica, or not renewed in time. */
    void relinquished(String environment);
}
