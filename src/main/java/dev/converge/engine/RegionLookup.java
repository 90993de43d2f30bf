package dev.converge.engine;

import dev.converge.aws.AwsClients;
import dev.converge.model.Environment;
import dev.converge.plan.RegionOffer;

/** Where a pass learns what its region offers; {@link dev.converge.aws.RegionOfferings} asks AWS and caches. */
@FunctionalInterface
public interface RegionLookup {

    RegionOffer offer(Environment environment, AwsClients aws, RegionOffer.Wanted wanted);
}
