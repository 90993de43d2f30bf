package dev.converge.spec;

import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.LaunchTemplateSpec.BlockDevice;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import java.util.List;
import java.util.regex.Pattern;

/** The fleet kinds' checks: what a launch template needs, and an Auto Scaling group's limits and subnets. */
final class FleetChecks {

    /** An AMI id, or a Systems Manager parameter that resolves to one at launch, as EC2 takes both. */
    private static final Pattern AMI = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})|resolve:ssm:\\S+");
    /** Family, optional generation suffixes, size: t3.micro, m7i-flex.large, u-6tb1.metal, mac2-m2pro.metal. */
    static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern TARGET_GROUP_ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+");
    private static final Pattern INSTANCE_PROFILE = Pattern.compile(
            "[\\w+=,.@-]{1,128}|arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]+");

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
        if (findings.required(source, "/spec/" + LaunchTemplateSpec.AMI, template.ami()) && !AMI.matcher(template.ami()).matches()) {
            findings.at(source, "/spec/" + LaunchTemplateSpec.AMI, "'" + template.ami() + "' is not an AMI id (ami- and 8 or 17 hexadecimal"
                    + " digits, like ami-0abcdef1234567890, or resolve:ssm:<parameter>)");
        }
        if (findings.required(source, "/spec/" + LaunchTemplateSpec.INSTANCE_TYPE, template.instanceType())
                && !INSTANCE_TYPE.matcher(template.instanceType()).matches()) {
            findings.at(source, "/spec/" + LaunchTemplateSpec.INSTANCE_TYPE, "'" + template.instanceType() + "' is not an instance type"
                    + " (family and size, like t3.micro or m7g.large)");
        }
        if (template.iamInstanceProfile() != null && !INSTANCE_PROFILE.matcher(template.iamInstanceProfile()).matches()) {
            findings.at(source, "/spec/" + LaunchTemplateSpec.IAM_INSTANCE_PROFILE, "'" + template.iamInstanceProfile() + "' is neither an"
                    + " instance profile name nor an instance profile ARN (arn:aws:iam::<account>:instance-profile/<name>)");
        }
        List<BlockDevice> devices = template.blockDevices() == null ? List.of() : template.blockDevices();
        for (int i = 0; i < devices.size(); i++) {
            findings.required(source, "/spec/" + LaunchTemplateSpec.BLOCK_DEVICES + "/" + i + "/deviceName", devices.get(i).deviceName());
        }
    }

    private void autoScalingGroup(AutoScalingGroupSpec group, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        findings.required(source, "/spec/" + AutoScalingGroupSpec.LAUNCH_TEMPLATE, group.launchTemplate());
        if (findings.required(source, "/spec/" + AutoScalingGroupSpec.SUBNETS, group.subnets())) {
            if (group.subnets().isEmpty()) {
                findings.at(source, "/spec/" + AutoScalingGroupSpec.SUBNETS, "a group needs at least one subnet");
            }
            subnetsInOneVpc(group.subnets(), declaration);
        }
        boolean min = findings.required(source, "/spec/" + AutoScalingGroupSpec.MIN_SIZE, group.minSize());
        boolean max = findings.required(source, "/spec/" + AutoScalingGroupSpec.MAX_SIZE, group.maxSize());
        if (min && group.minSize() < 0) {
            findings.at(source, "/spec/" + AutoScalingGroupSpec.MIN_SIZE, "must not be negative, got " + group.minSize());
        } else if (min && max && group.minSize() > group.maxSize()) {
            findings.at(source, "/spec/" + AutoScalingGroupSpec.MIN_SIZE, AutoScalingGroupSpec.MIN_SIZE + " " + group.minSize()
                    + " is above " + AutoScalingGroupSpec.MAX_SIZE + " " + group.maxSize());
        } else if (min && max && group.desiredCapacity() != null
                && (group.desiredCapacity() < group.minSize() || group.desiredCapacity() > group.maxSize())) {
            findings.at(source, "/spec/" + AutoScalingGroupSpec.DESIRED_CAPACITY, group.desiredCapacity() + " is outside ["
                    + AutoScalingGroupSpec.MIN_SIZE + ", " + AutoScalingGroupSpec.MAX_SIZE + "] = [" + group.minSize() + ", " + group.maxSize() + "]");
        }
        if (group.healthCheckType() != null && !AutoScalingGroupSpec.HEALTH_CHECK_TYPES.contains(group.healthCheckType())) {
            findings.at(source, "/spec/" + AutoScalingGroupSpec.HEALTH_CHECK_TYPE, "'" + group.healthCheckType() + "' is not a health check type (use "
                    + String.join(", ", AutoScalingGroupSpec.HEALTH_CHECK_TYPES) + ")");
        }
        List<String> targetGroups = group.targetGroupArns() == null ? List.of() : group.targetGroupArns();
        for (int i = 0; i < targetGroups.size(); i++) {
            if (!TARGET_GROUP_ARN.matcher(targetGroups.get(i)).matches()) {
                findings.at(source, "/spec/" + AutoScalingGroupSpec.TARGET_GROUP_ARNS + "/" + i, "'" + targetGroups.get(i) + "' is not a target group ARN"
                        + " (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)");
            }
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
                findings.at(declaration.source(), "/spec/" + AutoScalingGroupSpec.SUBNETS + "/" + i, "Subnet '" + name + "' is in Vpc '" + vpc
                        + "', but the group's first subnet is in Vpc '" + firstVpc + "'");
            }
        }
    }
}
