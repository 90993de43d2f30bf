package dev.converge.plan;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one account's region offers of what a spec asks for, as AWS reported it. Whatever could not be
 * looked up is unknown, and nothing is refused for an unknown: AWS then answers for itself at create time.
 *
 * @param zones the zone names the account can use there; empty when unknown
 * @param instanceTypes for each instance type asked about, whether the region offers it; an absent type is unknown
 */
public record RegionOffer(String region, Optional<SortedSet<String>> zones, Map<String, Boolean> instanceTypes) {

    public RegionOffer {
        zones = zones.map(z -> (SortedSet<String>) new TreeSet<>(z));
        instanceTypes = Map.copyOf(instanceTypes);
    }

    /**
     * What a spec's resources ask a region about: its zones only when a resource names one, and only
     * the instance types declared, so an environment without subnets costs no zone lookup.
     */
    public record Wanted(boolean zones, Set<String> instanceTypes) {

        public Wanted {
            instanceTypes = Set.copyOf(instanceTypes);
        }

        public boolean nothing() {
            return !zones && instanceTypes.isEmpty();
        }
    }
}
