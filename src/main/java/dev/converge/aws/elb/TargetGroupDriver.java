package dev.converge.aws.elb;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.TargetGroupSpec;
import dev.converge.model.TargetGroupSpec.HealthCheck;
import dev.converge.model.VpcSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Target groups of instances. Like load balancers they are listed whole (pages of 400) with their tags
 * read in batches of 20; their attributes (deregistration delay, stickiness) cost one call per group and
 * are read only where the spec declares one. The health check is part of the listing and needs no call.
 */
public final class TargetGroupDriver implements ResourceDriver {

    private static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";
    private static final String STICKINESS_ENABLED = "stickiness.enabled";
    private static final String STICKINESS_TYPE = "stickiness.type";
    private static final String STICKINESS_DURATION = "stickiness.lb_cookie.duration_seconds";
    /** The stickiness an ALB generates itself; application cookies are not modelled. */
    private static final String LB_COOKIE = "lb_cookie";

    @Override
    public String kind() {
        return TargetGroupSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        List<TargetGroup> groups = new ArrayList<>();
        elb.describeTargetGroupsPaginator(r -> r.pageSize(LoadBalancerDriver.PAGE)).targetGroups().forEach(groups::add);
        Map<String, Map<String, String>> tags = ElbTags.of(elb, groups.stream().map(TargetGroup::targetGroupArn).toList());
        Map<String, ResourceKey> declaredNames = ElbObjects.byName(declared, context);
        Map<ResourceKey, TargetGroupSpec> specs = new HashMap<>();
        declared.forEach(r -> specs.put(r.key(), r.spec(TargetGroupSpec.class)));
        List<ObservedResource> observed = new ArrayList<>();
        for (TargetGroup group : groups) {
            Map<String, String> own = tags.getOrDefault(group.targetGroupArn(), Map.of());
            Optional<ResourceKey> key = OwnedTags.key(own, kind(), group.targetGroupArn(), context);
            if (key.isPresent()) {
                TargetGroupSpec spec = specs.get(key.get());
                Map<String, String> attributes = spec != null && spec.declaresAttributes() ? attributes(elb, group.targetGroupArn()) : null;
                observed.add(ObservedResource.owned(key.get(), group.targetGroupArn(), fields(group, attributes, context), own, null));
            } else if (declaredNames.containsKey(group.targetGroupName())) {
                observed.add(ObservedResource.foreign(declaredNames.get(group.targetGroupName()), group.targetGroupArn(), own));
            }
        }
        return observed;
    }

    private static Map<String, String> attributes(ElasticLoadBalancingV2Client elb, String arn) {
        Map<String, String> attributes = new HashMap<>();
        elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().forEach(a -> attributes.put(a.key(), a.value()));
        return attributes;
    }

    private static Map<String, Object> fields(TargetGroup group, Map<String, String> attributes, DriverContext context) {
        HealthCheck health = new HealthCheck(group.healthCheckPath(), group.healthCheckIntervalSeconds(),
                group.healthCheckTimeoutSeconds(), group.healthyThresholdCount(), group.unhealthyThresholdCount(),
                group.matcher() == null ? null : group.matcher().httpCode());
        Fields fields = new Fields()
                .put(TargetGroupSpec.VPC, context.observed().nameOrId(VpcSpec.KIND, group.vpcId()))
                .put(TargetGroupSpec.PROTOCOL, group.protocolAsString())
                .put(TargetGroupSpec.PORT, group.port())
                .put(TargetGroupSpec.TARGET_TYPE, group.targetTypeAsString())
                .put(TargetGroupSpec.HEALTH_CHECK, health.declared());
        if (attributes != null) {
            boolean sticky = Boolean.parseBoolean(attributes.get(STICKINESS_ENABLED)) && LB_COOKIE.equals(attributes.get(STICKINESS_TYPE));
            String duration = attributes.get(STICKINESS_DURATION);
            fields.put(TargetGroupSpec.DEREGISTRATION_DELAY, integer(attributes.get(DEREGISTRATION_DELAY)))
                    .put(TargetGroupSpec.STICKINESS, new TargetGroupSpec.Stickiness(sticky, integer(duration)).declared());
        }
        return fields.build();
    }

    private static Integer integer(String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        TargetGroupSpec spec = resource.spec(TargetGroupSpec.class);
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        String arn = elb.createTargetGroup(r -> r
                        .name(ElbObjects.nameOf(resource, context))
                        .vpcId(context.idOf(ResourceKey.of(VpcSpec.KIND, spec.vpc())))
                        .protocol(spec.protocol())
                        .port(spec.port())
                        .targetType(spec.targetType() != null ? spec.targetType() : TargetTypeEnum.INSTANCE.toString())
                        .tags(ElbTags.toTags(context.tagsFor(resource))))
                .targetGroups().get(0).targetGroupArn();
        // one mapping of the health check, for a new group as for a drifted one
        if (spec.healthCheck() != null) {
            elb.modifyTargetGroup(healthCheck(arn, spec.healthCheck()));
        }
        List<TargetGroupAttribute> attributes = attributes(spec, true, true);
        if (!attributes.isEmpty()) {
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(attributes));
        }
        return arn;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        TargetGroupSpec spec = resource.spec(TargetGroupSpec.class);
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        boolean delay = false;
        boolean stickiness = false;
        for (FieldChange change : changes) {
            switch (change.field()) {
                case TargetGroupSpec.HEALTH_CHECK -> elb.modifyTargetGroup(healthCheck(live.awsId(), spec.healthCheck()));
                case TargetGroupSpec.DEREGISTRATION_DELAY -> delay = true;
                case TargetGroupSpec.STICKINESS -> stickiness = true;
                case KindSpec.TAGS -> ElbTags.apply(elb, live.awsId(), change);
                default -> throw new IllegalArgumentException("TargetGroup field " + change.field() + " cannot be updated in place");
            }
        }
        List<TargetGroupAttribute> attributes = attributes(spec, delay, stickiness);
        if (!attributes.isEmpty()) {
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(live.awsId()).attributes(attributes));
        }
    }

    /** The declared health check settings; the undeclared ones are left as they are. */
    private static ModifyTargetGroupRequest healthCheck(String arn, HealthCheck health) {
        return ModifyTargetGroupRequest.builder()
                .targetGroupArn(arn)
                .healthCheckPath(health.path())
                .healthCheckIntervalSeconds(health.interval())
                .healthCheckTimeoutSeconds(health.timeout())
                .healthyThresholdCount(health.healthyThreshold())
                .unhealthyThresholdCount(health.unhealthyThreshold())
                .matcher(health.matcher() == null ? null : Matcher.builder().httpCode(health.matcher()).build())
                .build();
    }

    private static List<TargetGroupAttribute> attributes(TargetGroupSpec spec, boolean delay, boolean stickiness) {
        List<TargetGroupAttribute> attributes = new ArrayList<>();
        if (delay && spec.deregistrationDelay() != null) {
            attributes.add(attribute(DEREGISTRATION_DELAY, spec.deregistrationDelay().toString()));
        }
        if (stickiness && spec.stickiness() != null) {
            attributes.add(attribute(STICKINESS_ENABLED, spec.stickiness().enabled().toString()));
            attributes.add(attribute(STICKINESS_TYPE, LB_COOKIE));
            if (spec.stickiness().duration() != null) {
                attributes.add(attribute(STICKINESS_DURATION, spec.stickiness().duration().toString()));
            }
        }
        return attributes;
    }

    private static TargetGroupAttribute attribute(String key, String value) {
        return TargetGroupAttribute.builder().key(key).value(value).build();
    }

    /** AWS refuses while a listener or rule still forwards to the group; prune deletes listeners first. */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        NotFound.ignoring(() -> context.clients().elb().deleteTargetGroup(r -> r.targetGroupArn(live.awsId())));
    }
}
