package dev.converge.aws.elb;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.BucketSpec;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.LoadBalancerSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * Application Load Balancers. ELBv2 lists load balancers without a tag filter, so a pass lists them all
 * (pages of 400) and reads their tags in batches of 20. Attributes cost one call per load balancer and
 * are read only where the spec declares one, and for a managed load balancer that left the spec, whose
 * deletion protection decides whether prune may delete it.
 *
 * <p>Converge never deletes a load balancer whose deletion protection is on: the plan reports it as
 * protected, and a replacement is refused too.
 */
public final class LoadBalancerDriver implements ResourceDriver {

    static final int PAGE = 400;

    static final String PROTECTED = "its deletion protection is on";

    private static final String IDLE_TIMEOUT = "idle_timeout.timeout_seconds";
    private static final String DELETION_PROTECTION = "deletion_protection.enabled";
    private static final String LOGS_ENABLED = "access_logs.s3.enabled";
    private static final String LOGS_BUCKET = "access_logs.s3.bucket";
    private static final String LOGS_PREFIX = "access_logs.s3.prefix";

    @Override
    public String kind() {
        return LoadBalancerSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        List<LoadBalancer> balancers = new ArrayList<>();
        for (LoadBalancer balancer : elb.describeLoadBalancersPaginator(r -> r.pageSize(PAGE)).loadBalancers()) {
            if (balancer.type() == LoadBalancerTypeEnum.APPLICATION) {
                balancers.add(balancer);
            }
        }
        Map<String, Map<String, String>> tags = ElbTags.of(elb, balancers.stream().map(LoadBalancer::loadBalancerArn).toList());
        Map<String, ResourceKey> declaredNames = ElbObjects.byName(declared, context);
        Map<ResourceKey, LoadBalancerSpec> specs = new HashMap<>();
        declared.forEach(r -> specs.put(r.key(), r.spec(LoadBalancerSpec.class)));
        List<ObservedResource> observed = new ArrayList<>();
        for (LoadBalancer balancer : balancers) {
            Map<String, String> own = tags.getOrDefault(balancer.loadBalancerArn(), Map.of());
            Optional<ResourceKey> key = OwnedTags.key(own, kind(), balancer.loadBalancerArn(), context);
            if (key.isPresent()) {
                LoadBalancerSpec spec = specs.get(key.get());
                boolean readAttributes = spec == null || spec.declaresAttributes();
                observed.add(observed(key.get(), balancer, own, readAttributes ? attributes(elb, balancer.loadBalancerArn()) : null, context));
            } else if (declaredNames.containsKey(balancer.loadBalancerName())) {
                observed.add(ObservedResource.foreign(declaredNames.get(balancer.loadBalancerName()), balancer.loadBalancerArn(), own));
            }
        }
        return observed;
    }

    private static Map<String, String> attributes(ElasticLoadBalancingV2Client elb, String arn) {
        Map<String, String> attributes = new HashMap<>();
        elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)).attributes()
                .forEach(a -> attributes.put(a.key(), a.value()));
        return attributes;
    }

    private static ObservedResource observed(
            ResourceKey key, LoadBalancer balancer, Map<String, String> tags, Map<String, String> attributes, DriverContext context) {
        TreeSet<String> subnets = new TreeSet<>();
        for (AvailabilityZone zone : balancer.availabilityZones()) {
            subnets.add(context.observed().nameOrId(SubnetSpec.KIND, zone.subnetId()));
        }
        TreeSet<String> groups = new TreeSet<>();
        balancer.securityGroups().forEach(id -> groups.add(context.observed().nameOrId(SecurityGroupSpec.KIND, id)));
        Fields fields = new Fields()
                .put(LoadBalancerSpec.SCHEME, balancer.schemeAsString())
                .put(LoadBalancerSpec.SUBNETS, subnets)
                .put(LoadBalancerSpec.SECURITY_GROUPS, groups);
        boolean protectedNow = false;
        if (attributes != null) {
            protectedNow = Boolean.parseBoolean(attributes.get(DELETION_PROTECTION));
            fields.put(LoadBalancerSpec.IDLE_TIMEOUT, integer(attributes.get(IDLE_TIMEOUT)))
                    .put(LoadBalancerSpec.DELETION_PROTECTION, protectedNow)
                    .put(LoadBalancerSpec.ACCESS_LOGS, Boolean.parseBoolean(attributes.get(LOGS_ENABLED))
                            ? LoadBalancerSpec.accessLogs(
                                    context.observed().nameOrId(BucketSpec.KIND, attributes.get(LOGS_BUCKET)),
                                    attributes.getOrDefault(LOGS_PREFIX, ""))
                            : Map.of());
        }
        ObservedResource live = ObservedResource.owned(key, balancer.loadBalancerArn(), fields.build(), tags, null);
        return protectedNow ? live.withProtection(PROTECTED) : live;
    }

    private static Integer integer(String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        LoadBalancerSpec spec = resource.spec(LoadBalancerSpec.class);
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        String arn = elb.createLoadBalancer(r -> r
                        .name(ElbObjects.nameOf(resource, context))
                        .type(LoadBalancerTypeEnum.APPLICATION)
                        .scheme(spec.scheme())
                        .subnets(ids(SubnetSpec.KIND, spec.subnets(), context))
                        .securityGroups(spec.securityGroups() == null ? null : ids(SecurityGroupSpec.KIND, spec.securityGroups(), context))
                        .tags(ElbTags.toTags(context.tagsFor(resource))))
                .loadBalancers().get(0).loadBalancerArn();
        List<LoadBalancerAttribute> attributes = attributes(spec, List.of(
                LoadBalancerSpec.IDLE_TIMEOUT, LoadBalancerSpec.DELETION_PROTECTION, LoadBalancerSpec.ACCESS_LOGS), context);
        if (!attributes.isEmpty()) {
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(attributes));
        }
        return arn;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        LoadBalancerSpec spec = resource.spec(LoadBalancerSpec.class);
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        List<String> attributeFields = new ArrayList<>();
        for (FieldChange change : changes) {
            switch (change.field()) {
                case LoadBalancerSpec.SUBNETS -> elb.setSubnets(r -> r
                        .loadBalancerArn(live.awsId()).subnets(ids(SubnetSpec.KIND, spec.subnets(), context)));
                case LoadBalancerSpec.SECURITY_GROUPS -> elb.setSecurityGroups(r -> r
                        .loadBalancerArn(live.awsId()).securityGroups(ids(SecurityGroupSpec.KIND, spec.securityGroups(), context)));
                case LoadBalancerSpec.IDLE_TIMEOUT, LoadBalancerSpec.DELETION_PROTECTION, LoadBalancerSpec.ACCESS_LOGS ->
                        attributeFields.add(change.field());
                case KindSpec.TAGS -> ElbTags.apply(elb, live.awsId(), change);
                default -> throw new IllegalArgumentException("LoadBalancer field " + change.field() + " cannot be updated in place");
            }
        }
        List<LoadBalancerAttribute> attributes = attributes(spec, attributeFields, context);
        if (!attributes.isEmpty()) {
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(live.awsId()).attributes(attributes));
        }
    }

    /** The attributes of the given declared fields, all in one ModifyLoadBalancerAttributes call. */
    private static List<LoadBalancerAttribute> attributes(LoadBalancerSpec spec, List<String> fields, DriverContext context) {
        List<LoadBalancerAttribute> attributes = new ArrayList<>();
        if (fields.contains(LoadBalancerSpec.IDLE_TIMEOUT) && spec.idleTimeout() != null) {
            attributes.add(attribute(IDLE_TIMEOUT, spec.idleTimeout().toString()));
        }
        if (fields.contains(LoadBalancerSpec.DELETION_PROTECTION) && spec.deletionProtection() != null) {
            attributes.add(attribute(DELETION_PROTECTION, spec.deletionProtection().toString()));
        }
        if (fields.contains(LoadBalancerSpec.ACCESS_LOGS) && spec.accessLogs() != null) {
            attributes.add(attribute(LOGS_ENABLED, "true"));
            attributes.add(attribute(LOGS_BUCKET, context.idOf(ResourceKey.of(BucketSpec.KIND, spec.accessLogs().bucket()))));
            attributes.add(attribute(LOGS_PREFIX, spec.accessLogs().prefix() == null ? "" : spec.accessLogs().prefix()));
        }
        return attributes;
    }

    private static LoadBalancerAttribute attribute(String key, String value) {
        return LoadBalancerAttribute.builder().key(key).value(value).build();
    }

    private static List<String> ids(String kind, List<String> names, DriverContext context) {
        return names.stream().map(name -> context.idOf(ResourceKey.of(kind, name))).toList();
    }

    /**
     * Refuses a protected load balancer. The protection is read afresh when the pass did not read it: a
     * spec that declares no attribute leaves it unobserved.
     */
    @Override
    public String replace(Resource resource, ObservedResource live, DriverContext context) {
        if (live.protection() != null
                || Boolean.parseBoolean(attributes(context.clients().elb(), live.awsId()).get(DELETION_PROTECTION))) {
            throw new IllegalStateException(PROTECTED + "; Converge never deletes a protected load balancer");
        }
        return ResourceDriver.super.replace(resource, live, context);
    }

    /** The protection was observed for every load balancer a plan may delete; AWS would refuse as well. */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        if (live.protection() != null) {
            throw new IllegalStateException(PROTECTED + "; Converge never deletes a protected load balancer");
        }
        NotFound.ignoring(() -> context.clients().elb().deleteLoadBalancer(r -> r.loadBalancerArn(live.awsId())));
    }
}
