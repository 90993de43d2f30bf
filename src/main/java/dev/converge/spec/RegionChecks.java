package dev.converge.spec;

import dev.converge.model.RegionCatalog;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An environment's region: it must look like a region name, and should be one the AWS SDK knows. A
 * well-formed name the SDK does not know is only a warning, since AWS opens regions faster than this
 * build's SDK learns of them, and refusing a region AWS accepts would be worse than missing a typo.
 */
final class RegionChecks {

    /** us-east-1, ap-southeast-5, us-gov-west-1, eusc-de-east-1. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    private final Optional<RegionCatalog> catalog;
    private final Findings findings;

    RegionChecks(Optional<RegionCatalog> catalog, Findings findings) {
        this.catalog = catalog;
        this.findings = findings;
    }

    void check(String region, DocumentSource source) {
        if (!REGION.matcher(region).matches()) {
            findings.at(source, "/spec/region", "'" + region + "' is not an AWS region (like us-east-1)");
        } else if (catalog.isPresent() && !catalog.get().regions().contains(region)) {
            findings.warn(source, "/spec/region", "'" + region + "' is not a region this build's AWS SDK knows;"
                    + " check the spelling unless the region is new");
        }
    }
}
