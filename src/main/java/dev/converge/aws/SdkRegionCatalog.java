package dev.converge.aws;

import dev.converge.model.RegionCatalog;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/** The regions of the AWS SDK's endpoint metadata, for validating specs offline. */
public final class SdkRegionCatalog implements RegionCatalog {

    private static final Set<String> REGIONS = Region.regions().stream()
            .filter(region -> !region.isGlobalRegion())
            .map(Region::id)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<String> regions() {
        return REGIONS;
    }
}
