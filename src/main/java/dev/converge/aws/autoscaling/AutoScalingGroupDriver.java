package dev.converge.aws.autoscaling;

import dev.converge.aws.PageSizes;
import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.ec2.TemplateVersion;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.TargetGroupSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

/**
 * Auto Scaling groups. A group launches its template's {@code $Latest} version, so a template change
 * needs no group update; its instances still running an older version are drift, converged by a
 * rollout. The desired capacity is the scaling policies' and is only written when the group is created
 * or when new limits leave it outside [min, max].
 */
public final class AutoScalingGroupDriver implements ResourceDriver {

    private static final String VERSION_SEPARATOR = "@";

    /** What an update needs besides the spec's fields: new limits may have to move the desired capacity. */
    public record Details(int desiredCapacity) {}

    @Override
    public String kind() {
        return AutoScalingGroupSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        List<AutoScalingGroup> groups = new ArrayList<>();
        List<ResourceKey> keys = new ArrayList<>();
        for (AutoScalingGroup group : context.clients().autoScaling().describeAutoScalingGroupsPaginator(
                r -> r.filters(AsgTags.ownedBy(context)).maxRecords(PageSizes.AUTO_SCALING)).autoScalingGroups()) {
            OwnedTags.key(AsgTags.toMap(group.tags()), kind(), group.autoScalingGroupName(), context).ifPresent(key -> {
                groups.add(group);
                keys.add(key);
            });
        }
        Map<String, List<FleetMember>> members = FleetMembers.of(context.clients().ec2(), groups);
        List<ObservedResource> observed = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            AutoScalingGroup group = groups.get(i);
            observed.add(observed(keys.get(i), group, members.get(group.autoScalingGroupName()), context));
        }
        return observed;
    }

    private static ObservedResource observed(
            ResourceKey key, AutoScalingGroup group, List<FleetMember> members, DriverContext context) {
        LaunchTemplateSpecification template = group.launchTemplate();
        String templateId = template == null ? null : template.launchTemplateId();
        Optional<TemplateVersion> latest = latestOf(templateId, context);
        boolean onLatest = latest.map(l -> Rollout.outdated(members, l).isEmpty()).orElse(true);
        Fields fields = new Fields()
                .put(AutoScalingGroupSpec.LAUNCH_TEMPLATE, template == null ? null : templateName(template, context))
                .put(AutoScalingGroupSpec.SUBNETS, subnetNames(group.vpcZoneIdentifier(), context))
                .put(AutoScalingGroupSpec.MIN_SIZE, group.minSize())
                .put(AutoScalingGroupSpec.MAX_SIZE, group.maxSize())
                .put(AutoScalingGroupSpec.HEALTH_CHECK_TYPE, group.healthCheckType())
                .put(AutoScalingGroupSpec.HEALTH_CHECK_GRACE_PERIOD, group.healthCheckGracePeriod())
                .put(AutoScalingGroupSpec.TARGET_GROUP_ARNS, targetGroups(group, context, false))
                .put(AutoScalingGroupSpec.TARGET_GROUPS, targetGroups(group, context, true))
                .put(AutoScalingGroupSpec.TERMINATION_POLICIES, group.terminationPolicies())
                .put(AutoScalingGroupSpec.INSTANCES_ON_LATEST, onLatest);
        return ObservedResource.owned(key, group.autoScalingGroupName(), fields.build(), AsgTags.toMap(group.tags()),
                        new Details(group.desiredCapacity()))
                .withProgress(Rollout.progress(members, latest).orElse(null));
    }

    /** The template's spec name; a group pinned to a version other than {@code $Latest} shows it, as drift. */
    private static String templateName(LaunchTemplateSpecification template, DriverContext context) {
        String name = context.observed().nameOrId(LaunchTemplateSpec.KIND, template.launchTemplateId());
        return TemplateVersion.LATEST.equals(template.version()) ? name : name + VERSION_SEPARATOR + template.version();
    }

    /** The latest version of a template Converge manages, as observed earlier in this round. */
    private static Optional<TemplateVersion> latestOf(String templateId, DriverContext context) {
        return Optional.ofNullable(templateId)
                .flatMap(id -> context.observed().nameOf(LaunchTemplateSpec.KIND, id))
                .flatMap(name -> context.observed().get(ResourceKey.of(LaunchTemplateSpec.KIND, name)))
                .map(template -> template.details(TemplateVersion.class));
    }

    /**
     * The attached target groups Converge manages, by spec name, or the others, by ARN: the two fields
     * are compared apart, so each leaves the other's attachments alone.
     */
    private static TreeSet<String> targetGroups(AutoScalingGroup group, DriverContext context, boolean managed) {
        TreeSet<String> attached = new TreeSet<>();
        for (String arn : group.targetGroupARNs()) {
            Optional<String> name = context.observed().nameOf(TargetGroupSpec.KIND, arn);
            if (name.isPresent() == managed) {
                attached.add(name.orElse(arn));
            }
        }
        return attached;
    }

    private static TreeSet<String> subnetNames(String vpcZoneIdentifier, DriverContext context) {
        TreeSet<String> names = new TreeSet<>();
        if (vpcZoneIdentifier != null) {
            Arrays.stream(vpcZoneIdentifier.split(","))
                    .map(String::trim)
                    .filter(id -> !id.isEmpty())
                    .forEach(id -> names.add(context.observed().nameOrId(SubnetSpec.KIND, id)));
        }
        return names;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        AutoScalingGroupSpec spec = resource.spec(AutoScalingGroupSpec.class);
        String name = context.environment().name() + "-" + resource.name();
        context.clients().autoScaling().createAutoScalingGroup(r -> r
                .autoScalingGroupName(name)
                .launchTemplate(launchTemplate(spec, context))
                .vpcZoneIdentifier(subnetIds(spec, context))
                .minSize(spec.minSize())
                .maxSize(spec.maxSize())
                .desiredCapacity(spec.desiredCapacity() != null ? spec.desiredCapacity() : spec.minSize())
                .healthCheckType(spec.healthCheckType())
                .healthCheckGracePeriod(spec.healthCheckGracePeriod())
                .targetGroupARNs(targetGroupArns(spec, context))
                .terminationPolicies(spec.terminationPolicies())
                .tags(AsgTags.of(name, context.tagsFor(resource))));
        return name;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        AutoScalingGroupSpec spec = resource.spec(AutoScalingGroupSpec.class);
        AutoScalingClient autoScaling = context.clients().autoScaling();
        GroupUpdate update = new GroupUpdate(live);
        boolean roll = false;
        for (FieldChange change : changes) {
            switch (change.field()) {
                case AutoScalingGroupSpec.LAUNCH_TEMPLATE -> update.change().launchTemplate(launchTemplate(spec, context));
                case AutoScalingGroupSpec.SUBNETS -> update.change().vpcZoneIdentifier(subnetIds(spec, context));
                case AutoScalingGroupSpec.MIN_SIZE -> update.limits(spec.minSize(), null);
                case AutoScalingGroupSpec.MAX_SIZE -> update.limits(null, spec.maxSize());
                case AutoScalingGroupSpec.HEALTH_CHECK_TYPE -> update.change().healthCheckType(spec.healthCheckType());
                case AutoScalingGroupSpec.HEALTH_CHECK_GRACE_PERIOD -> update.change().healthCheckGracePeriod(spec.healthCheckGracePeriod());
                case AutoScalingGroupSpec.TERMINATION_POLICIES -> update.change().terminationPolicies(spec.terminationPolicies());
                case AutoScalingGroupSpec.TARGET_GROUP_ARNS -> targetGroups(autoScaling, live.awsId(),
                        change.added().stream().map(Object::toString).toList(), change.removed().stream().map(Object::toString).toList());
                case AutoScalingGroupSpec.TARGET_GROUPS -> targetGroups(autoScaling, live.awsId(),
                        targetGroupIds(change.added(), context), targetGroupIds(change.removed(), context));
                case KindSpec.TAGS -> tags(autoScaling, live.awsId(), change);
                case AutoScalingGroupSpec.INSTANCES_ON_LATEST -> roll = true;
                default -> throw new IllegalArgumentException("AutoScalingGroup field " + change.field() + " cannot be updated");
            }
        }
        update.send(autoScaling);
        if (roll) {
            roll(live.awsId(), context);
        }
    }

    /**
     * Decides on the group and template as they are now, not as observed at the start of the round: the
     * template may have just got a new version, and instances may have been replaced since.
     */
    private static void roll(String name, DriverContext context) {
        AutoScalingGroup group = context.clients().autoScaling()
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
        if (group.launchTemplate() == null) {
            return;
        }
        TemplateVersion latest = TemplateVersion.latest(context.clients().ec2(), group.launchTemplate().launchTemplateId());
        List<FleetMember> members = FleetMembers.of(context.clients().ec2(), List.of(group)).get(name);
        Rollout.roll(context.clients().autoScaling(), name, group.desiredCapacity(), members, latest);
    }

    /**
     * Attach/DetachLoadBalancerTargetGroups rather than the newer Attach/DetachTrafficSources, which do
     * the same for target groups but which the emulator the tests run against lacks.
     */
    private static void targetGroups(AutoScalingClient autoScaling, String group, List<String> attach, List<String> detach) {
        if (!attach.isEmpty()) {
            autoScaling.attachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(group).targetGroupARNs(attach));
        }
        if (!detach.isEmpty()) {
            autoScaling.detachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(group).targetGroupARNs(detach));
        }
    }

    /** Writes the tags a {@code tags} change asks for; tags the spec does not declare stay. */
    private static void tags(AutoScalingClient autoScaling, String group, FieldChange change) {
        @SuppressWarnings("unchecked")
        Map<String, String> wanted = (Map<String, String>) change.after();
        autoScaling.createOrUpdateTags(r -> r.tags(AsgTags.of(group, wanted)));
    }

    private static LaunchTemplateSpecification launchTemplate(AutoScalingGroupSpec spec, DriverContext context) {
        return LaunchTemplateSpecification.builder()
                .launchTemplateId(context.idOf(ResourceKey.of(LaunchTemplateSpec.KIND, spec.launchTemplate())))
                .version(TemplateVersion.LATEST)
                .build();
    }

    /** Every target group to attach at creation: those of the spec by their ARN, and the ARNs given. */
    private static List<String> targetGroupArns(AutoScalingGroupSpec spec, DriverContext context) {
        if (spec.targetGroups() == null && spec.targetGroupArns() == null) {
            return null;
        }
        List<String> arns = new ArrayList<>(spec.targetGroupArns() == null ? List.of() : spec.targetGroupArns());
        if (spec.targetGroups() != null) {
            arns.addAll(targetGroupIds(spec.targetGroups(), context));
        }
        return arns;
    }

    private static List<String> targetGroupIds(java.util.Collection<?> names, DriverContext context) {
        return names.stream().map(name -> context.idOf(ResourceKey.of(TargetGroupSpec.KIND, name.toString()))).toList();
    }

    private static String subnetIds(AutoScalingGroupSpec spec, DriverContext context) {
        return String.join(",", spec.subnets().stream()
                .map(name -> context.idOf(ResourceKey.of(SubnetSpec.KIND, name)))
                .toList());
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        try {
            context.clients().autoScaling().deleteAutoScalingGroup(r -> r.autoScalingGroupName(live.awsId()).forceDelete(true));
        } catch (AwsServiceException e) {
            if (e.getMessage() == null || !e.getMessage().contains("not found")) {
                throw e;
            }
        }
    }

    /**
     * One UpdateAutoScalingGroup call for every field it carries, sent only when one changed. New limits
     * move the desired capacity only when it would fall outside them.
     */
    private static final class GroupUpdate {

        private final UpdateAutoScalingGroupRequest.Builder request;
        private final ObservedResource live;
        private boolean changed;
        private Integer minSize;
        private Integer maxSize;

        GroupUpdate(ObservedResource live) {
            this.live = live;
            this.request = UpdateAutoScalingGroupRequest.builder().autoScalingGroupName(live.awsId());
        }

        /** The request, for a field that is about to change. */
        UpdateAutoScalingGroupRequest.Builder change() {
            changed = true;
            return request;
        }

        void limits(Integer min, Integer max) {
            minSize = min != null ? min : minSize;
            maxSize = max != null ? max : maxSize;
            changed = true;
        }

        void send(AutoScalingClient autoScaling) {
            if (!changed) {
                return;
            }
            int min = minSize != null ? minSize : (Integer) live.properties().get(AutoScalingGroupSpec.MIN_SIZE);
            int max = maxSize != null ? maxSize : (Integer) live.properties().get(AutoScalingGroupSpec.MAX_SIZE);
            int desired = live.details(Details.class).desiredCapacity();
            request.minSize(minSize).maxSize(maxSize);
            if (desired < min || desired > max) {
                request.desiredCapacity(Math.max(min, Math.min(max, desired)));
            }
            autoScaling.updateAutoScalingGroup(request.build());
        }
    }
}
