package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An Auto Scaling group launching from a template of the spec. The spec owns the limits; the desired
 * capacity inside them belongs to the scaling policies, so {@code desiredCapacity} is used only when the
 * group is created and is never enforced afterwards.
 *
 * <p>The group always launches the template's latest version. Its instances running an older one are
 * drift ({@code instancesOnLatest}), which the driver converges by rolling the fleet.
 */
public record AutoScalingGroupSpec(
        @SpecField(required = true) String launchTemplate,
        @SpecField(required = true) List<String> subnets,
        @SpecField(required = true) Integer minSize,
        @SpecField(required = true) Integer maxSize,
        Integer desiredCapacity,
        @SpecField(values = {"EC2", "ELB", "VPC_LATTICE", "EBS"}) String healthCheckType,
        Integer healthCheckGracePeriod,
        List<String> targetGroupArns,
        List<String> terminationPolicies,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "AutoScalingGroup";
    public static final List<String> HEALTH_CHECK_TYPES = List.of("EC2", "ELB", "VPC_LATTICE", "EBS");

    /** Every group wants its instances on its template's latest version; not a field people write. */
    public static final String INSTANCES_ON_LATEST = "instancesOnLatest";

    public AutoScalingGroupSpec {
        subnets = Specs.copy(subnets);
        targetGroupArns = Specs.copy(targetGroupArns);
        terminationPolicies = Specs.copy(terminationPolicies);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (launchTemplate != null) {
            references.add(Reference.ordering(LaunchTemplateSpec.KIND, launchTemplate, "launchTemplate"));
        }
        Specs.addOrdering(references, SubnetSpec.KIND, subnets, "subnets");
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put("launchTemplate", launchTemplate)
                .put("subnets", subnets == null ? null : new TreeSet<>(subnets))
                .put("minSize", minSize)
                .put("maxSize", maxSize)
                .put("healthCheckType", healthCheckType)
                .put("healthCheckGracePeriod", healthCheckGracePeriod)
                .put("targetGroupArns", targetGroupArns == null ? null : new TreeSet<>(targetGroupArns))
                .put("terminationPolicies", terminationPolicies)
                .put(INSTANCES_ON_LATEST, true)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
