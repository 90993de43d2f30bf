package dev.converge.plan;

import dev.converge.model.Environment;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what resources declare with what their region offers the account: a subnet's zone and a
 * launch template's instance type. Offline validation can only check their shape; AWS would refuse
 * the create (or, for a template, accept it and fail every launch), so such a resource is not created
 * or changed and the reason is reported instead. Pure: the offer is looked up elsewhere.
 */
public final class RegionOfferChecks {

    private RegionOfferChecks() {}

    public static RegionOffer.Wanted wanted(List<Resource> resources) {
        boolean zones = resources.stream().anyMatch(r -> r.spec() instanceof SubnetSpec s && s.zone() != null);
        TreeSet<String> types = new TreeSet<>();
        resources.stream()
                .filter(r -> r.spec() instanceof LaunchTemplateSpec t && t.instanceType() != null)
                .forEach(r -> types.add(r.spec(LaunchTemplateSpec.class).instanceType()));
        return new RegionOffer.Wanted(zones, types);
    }

    /** The resources that name what the region does not offer, each with a message that says what to fix. */
    public static Map<ResourceKey, String> refusals(Environment environment, List<Resource> resources, RegionOffer offer) {
        Map<ResourceKey, String> refused = new LinkedHashMap<>();
        for (Resource resource : resources) {
            if (resource.spec() instanceof SubnetSpec subnet && subnet.zone() != null && offer.zones().isPresent()
                    && !offer.zones().get().contains(subnet.zone())) {
                refused.put(resource.key(), where(environment, resource, "zone") + "'" + subnet.zone()
                        + "' is not a zone of " + offer.region() + " for this account; its zones are "
                        + String.join(", ", offer.zones().get()));
            } else if (resource.spec() instanceof LaunchTemplateSpec template
                    && Boolean.FALSE.equals(offer.instanceTypes().get(template.instanceType()))) {
                refused.put(resource.key(), where(environment, resource, "instanceType") + "'" + template.instanceType()
                        + "' is not an instance type offered in " + offer.region()
                        + "; choose one it offers (aws ec2 describe-instance-type-offerings --region " + offer.region() + ")");
            }
        }
        return refused;
    }

    private static String where(Environment environment, Resource resource, String field) {
        return "environment " + environment.name() + ", " + resource.key() + ": spec." + field + " ";
    }
}
