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
 *
 * @param targetGroups target groups of the spec, by name, that the group registers its instances with;
 *     with {@code healthCheckType: ELB} their health checks decide which instances the group replaces
 * @param targetGroupArns target groups outside the spec, by ARN; each list is enforced only when declared,
 *     and neither touches the attachments of the other
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
        List<String> targetGroups,
        List<String> terminationPolicies,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "AutoScalingGroup";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String LAUNCH_TEMPLATE = "launchTemplate";
    public static final String SUBNETS = "subnets";
    public static final String MIN_SIZE = "minSize";
    public static final String MAX_SIZE = "maxSize";
    public static final String DESIRED_CAPACITY = "desiredCapacity";
    public static final String HEALTH_CHECK_TYPE = "healthCheckType";
    public static final String HEALTH_CHECK_GRACE_PERIOD = "healthCheckGracePeriod";
    public static final String TARGET_GROUP_ARNS = "targetGroupArns";
    public static final String TARGET_GROUPS = "targetGroups";
    public static final String TERMINATION_POLICIES = "terminationPolicies";
    public static final List<String> HEALTH_CHECK_TYPES = List.of("EC2", "ELB", "VPC_LATTICE", "EBS");

    /** Every group wants its instances on its template's latest version; not a field people write. */
    public static final String INSTANCES_ON_LATEST = "instancesOnLatest";

    public AutoScalingGroupSpec {
        subnets = Specs.copy(subnets);
        targetGroupArns = Specs.copy(targetGroupArns);
        targetGroups = Specs.copy(targetGroups);
        terminationPolicies = Specs.copy(terminationPolicies);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (launchTemplate != null) {
            references.add(Reference.ordering(LaunchTemplateSpec.KIND, launchTemplate, LAUNCH_TEMPLATE));
        }
        Specs.addOrdering(references, SubnetSpec.KIND, subnets, SUBNETS);
        Specs.addOrdering(references, TargetGroupSpec.KIND, targetGroups, TARGET_GROUPS);
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(LAUNCH_TEMPLATE, launchTemplate)
                .put(SUBNETS, subnets == null ? null : new TreeSet<>(subnets))
                .put(MIN_SIZE, minSize)
                .put(MAX_SIZE, maxSize)
                .put(HEALTH_CHECK_TYPE, healthCheckType)
                .put(HEALTH_CHECK_GRACE_PERIOD, healthCheckGracePeriod)
                .put(TARGET_GROUP_ARNS, targetGroupArns == null ? null : new TreeSet<>(targetGroupArns))
                .put(TARGET_GROUPS, targetGroups == null ? null : new TreeSet<>(targetGroups))
                .put(TERMINATION_POLICIES, terminationPolicies)
                .put(INSTANCES_ON_LATEST, true)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
