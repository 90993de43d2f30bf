package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Cidr;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.VpcSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttachmentStatus;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** VPCs, their DNS attributes and their internet gateway (tagged with the VPC's resource key). */
public final class VpcDriver implements ResourceDriver {

    /**
     * What update and delete need to know about a live VPC.
     *
     * @param ownGatewayId the attached internet gateway if Converge created it; a gateway someone else
     *     attached satisfies {@code internetGateway: true} but is never detached or deleted
     */
    public record Details(String ownGatewayId) {}

    private record Gateway(String id, boolean owned) {}

    @Override
    public String kind() {
        return VpcSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Map<ResourceKey, VpcSpec> specs = new HashMap<>();
        declared.forEach(r -> specs.put(r.key(), r.spec(VpcSpec.class)));
        List<Vpc> vpcs = ec2.describeVpcsPaginator(r -> r.filters(Ec2Tags.ownedBy(context)).maxResults(PageSizes.EC2)).vpcs().stream().toList();
        Map<String, Gateway> gateways = attachedGateways(ec2, vpcs.stream().map(Vpc::vpcId).toList(), context);
        List<ObservedResource> observed = new ArrayList<>();
        for (Vpc vpc : vpcs) {
            Map<String, String> tags = Ec2Tags.toMap(vpc.tags());
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), vpc.vpcId(), context);
            if (key.isEmpty()) {
                continue;
            }
            VpcSpec spec = specs.get(key.get());
            Gateway gateway = gateways.get(vpc.vpcId());
            Fields fields = new Fields()
                    .put(VpcSpec.CIDR, Cidr.normalize(vpc.cidrBlock()))
                    .put(VpcSpec.INTERNET_GATEWAY, gateway != null);
            if (spec != null && spec.enableDnsSupport() != null) {
                fields.put(VpcSpec.ENABLE_DNS_SUPPORT, attribute(ec2, vpc.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT));
            }
            if (spec != null && spec.enableDnsHostnames() != null) {
                fields.put(VpcSpec.ENABLE_DNS_HOSTNAMES, attribute(ec2, vpc.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES));
            }
            observed.add(ObservedResource.owned(key.get(), vpc.vpcId(), fields.build(), tags, new Details(gateway != null && gateway.owned() ? gateway.id() : null)));
        }
        return observed;
    }

    /** Internet gateways attached to the given VPCs, by VPC id, in one call. */
    private static Map<String, Gateway> attachedGateways(Ec2Client ec2, List<String> vpcIds, DriverContext context) {
        Map<String, Gateway> byVpc = new HashMap<>();
        if (vpcIds.isEmpty()) {
            return byVpc;
        }
        Filter attached = Filter.builder().name("attachment.vpc-id").values(vpcIds).build();
        for (InternetGateway gateway : ec2.describeInternetGatewaysPaginator(r -> r.filters(attached).maxResults(PageSizes.EC2)).internetGateways()) {
            boolean owned = OwnedTags.key(Ec2Tags.toMap(gateway.tags()), VpcSpec.KIND, gateway.internetGatewayId(), context).isPresent();
            gateway.attachments().forEach(a -> byVpc.put(a.vpcId(), new Gateway(gateway.internetGatewayId(), owned)));
        }
        return byVpc;
    }

    /** The internet gateway attached to a VPC, for routes that target it. */
    public static Optional<String> internetGatewayOf(DriverContext context, String vpcId) {
        return Optional.ofNullable(attachedGateways(context.clients().ec2(), List.of(vpcId), context).get(vpcId))
                .map(Gateway::id);
    }

    private static boolean attribute(Ec2Client ec2, String vpcId, VpcAttributeName name) {
        var response = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(name));
        AttributeBooleanValue value = name == VpcAttributeName.ENABLE_DNS_SUPPORT
                ? response.enableDnsSupport()
                : response.enableDnsHostnames();
        return value != null && Boolean.TRUE.equals(value.value());
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        VpcSpec spec = resource.spec(VpcSpec.class);
        Ec2Client ec2 = context.clients().ec2();
        Map<String, String> tags = context.tagsFor(resource);
        String vpcId = ec2.createVpc(r -> r.cidrBlock(spec.cidr())
                        .tagSpecifications(Ec2Tags.specification(ResourceType.VPC, tags)))
                .vpc()
                .vpcId();
        if (spec.enableDnsSupport() != null) {
            setDnsSupport(ec2, vpcId, spec.enableDnsSupport());
        }
        if (spec.enableDnsHostnames() != null) {
            setDnsHostnames(ec2, vpcId, spec.enableDnsHostnames());
        }
        if (Boolean.TRUE.equals(spec.internetGateway())) {
            attachGateway(ec2, vpcId, resource, context);
        }
        return vpcId;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        String vpcId = live.awsId();
        for (FieldChange change : changes) {
            switch (change.field()) {
                case VpcSpec.ENABLE_DNS_SUPPORT -> setDnsSupport(ec2, vpcId, (Boolean) change.after());
                case VpcSpec.ENABLE_DNS_HOSTNAMES -> setDnsHostnames(ec2, vpcId, (Boolean) change.after());
                case VpcSpec.INTERNET_GATEWAY -> {
                    if (Boolean.TRUE.equals(change.after())) {
                        attachGateway(ec2, vpcId, resource, context);
                    } else {
                        removeGateway(ec2, vpcId, live.details(Details.class).ownGatewayId());
                    }
                }
                case KindSpec.TAGS -> Ec2Tags.apply(ec2, vpcId, change);
                default -> throw new IllegalArgumentException("Vpc field " + change.field() + " cannot be updated in place");
            }
        }
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        String gateway = live.details(Details.class).ownGatewayId();
        if (gateway != null) {
            removeGateway(ec2, live.awsId(), gateway);
        }
        NotFound.ignoring(() -> ec2.deleteVpc(r -> r.vpcId(live.awsId())));
    }

    /**
     * A gateway tagged for this VPC and attached to nothing is the one a create that died before
     * attaching it left behind: it is attached now instead of leaking while a twin is made.
     */
    private static void attachGateway(Ec2Client ec2, String vpcId, Resource resource, DriverContext context) {
        List<Filter> filters = new ArrayList<>(Ec2Tags.ownedBy(context));
        filters.add(Filter.builder().name("tag:" + Ownership.RESOURCE).values(resource.key().toString()).build());
        String gatewayId = ec2.describeInternetGatewaysPaginator(r -> r.filters(filters).maxResults(PageSizes.EC2)).internetGateways().stream()
                .filter(g -> g.attachments().stream().allMatch(a -> a.state() == AttachmentStatus.DETACHED))
                .map(InternetGateway::internetGatewayId)
                .findFirst()
                .orElseGet(() -> ec2.createInternetGateway(r -> r.tagSpecifications(
                                Ec2Tags.specification(ResourceType.INTERNET_GATEWAY, context.tagsFor(resource))))
                        .internetGateway()
                        .internetGatewayId());
        ec2.attachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpcId));
    }

    private static void removeGateway(Ec2Client ec2, String vpcId, String gatewayId) {
        if (gatewayId == null) {
            return;
        }
        NotFound.ignoring(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpcId)));
        NotFound.ignoring(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(gatewayId)));
    }

    private static void setDnsSupport(Ec2Client ec2, String vpcId, boolean enabled) {
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(AttributeBooleanValue.builder().value(enabled).build()));
    }

    private static void setDnsHostnames(Ec2Client ec2, String vpcId, boolean enabled) {
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(AttributeBooleanValue.builder().value(enabled).build()));
    }
}
