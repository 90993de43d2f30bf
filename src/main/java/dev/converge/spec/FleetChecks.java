package dev.converge.spec;

import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.LaunchTemplateSpec.BlockDevice;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import java.util.List;
import java.util.Set;

/** The fleet kinds' checks: what a launch template needs, and an Auto Scaling group's limits and subnets. */
final class FleetChecks {

    private static final Set<String> HEALTH_CHECK_TYPES = Set.of("EC2", "ELB");

    private final SpecIndex index;
    private final Findings findings;

    FleetChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        if (spec instanceof LaunchTemplateSpec template) {
            launchTemplate(template, declaration.source());
        } else if (spec instanceof AutoScalingGroupSpec group) {
            autoScalingGroup(group, declaration);
        }
    }

    private void launchTemplate(LaunchTemplateSpec template, DocumentSource source) {
        findings.required(source, "/spec/ami", template.ami());
        findings.required(source, "/spec/instanceType", template.instanceType());
        List<BlockDevice> devices = template.blockDevices() == null ? List.of() : template.blockDevices();
        for (int i = 0; i < devices.size(); i++) {
            findings.required(source, "/spec/blockDevices/" + i + "/deviceName", devices.get(i).deviceName());
        }
    }

    private void autoScalingGroup(AutoScalingGroupSpec group, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        findings.required(source, "/spec/launchTemplate", group.launchTemplate());
        if (findings.required(source, "/spec/subnets", group.subnets())) {
            if (group.subnets().isEmpty()) {
                findings.at(source, "/spec/subnets", "a group needs at least one subnet");
            }
            subnetsInOneVpc(group.subnets(), declaration);
        }
        boolean min = findings.required(source, "/spec/minSize", group.minSize());
        boolean max = findings.required(source, "/spec/maxSize", group.maxSize());
        if (min && group.minSize() < 0) {
            findings.at(source, "/spec/minSize", "must not be negative, got " + group.minSize());
        } else if (min && max && group.minSize() > group.maxSize()) {
            findings.at(source, "/spec/minSize", "minSize " + group.minSize() + " is above maxSize " + group.maxSize());
        } else if (min && max && group.desiredCapacity() != null
                && (group.desiredCapacity() < group.minSize() || group.desiredCapacity() > group.maxSize())) {
            findings.at(source, "/spec/desiredCapacity", group.desiredCapacity() + " is outside [minSize, maxSize] = ["
                    + group.minSize() + ", " + group.maxSize() + "]");
        }
        if (group.healthCheckType() != null && !HEALTH_CHECK_TYPES.contains(group.healthCheckType())) {
            findings.at(source, "/spec/healthCheckType", "'" + group.healthCheckType() + "' is not EC2 or ELB");
        }
    }

    /** AWS refuses a group whose subnets are in different VPCs. */
    private void subnetsInOneVpc(List<String> subnets, Declaration.OfResource declaration) {
        String env = declaration.resource().environment();
        String firstVpc = null;
        for (int i = 0; i < subnets.size(); i++) {
            String name = subnets.get(i);
            String vpc = index.resource(env, ResourceKey.of(SubnetSpec.KIND, name))
                    .map(d -> d.resource().spec(SubnetSpec.class).vpc())
                    .orElse(null);
            if (vpc == null) {
                continue;
            }
            if (firstVpc == null) {
                firstVpc = vpc;
            } else if (!vpc.equals(firstVpc)) {
                findings.at(declaration.source(), "/spec/subnets/" + i, "Subnet '" + name + "' is in Vpc '" + vpc
                        + "', but the group's first subnet is in Vpc '" + firstVpc + "'");
            }
        }
    }
}
