package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Cidr;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.UnmanagedScope;
import dev.converge.model.VpcSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** Subnets of managed VPCs, one availability zone each; public subnets map public IPs on launch. */
public final class SubnetDriver implements ResourceDriver {

    @Override
    public String kind() {
        return SubnetSpec.KIND;
    }

    @Override
    public Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        return new UnmanagedInVpcs<Subnet>(kind(),
                filters -> ec2.describeSubnetsPaginator(r -> r.filters(filters).maxResults(PageSizes.EC2)).subnets().stream().toList(),
                Subnet::subnetId, Subnet::vpcId, Subnet::tags, subnet -> false)
                .find(context);
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        List<ObservedResource> observed = new ArrayList<>();
        for (Subnet subnet : ec2.describeSubnetsPaginator(r -> r.filters(Ec2Tags.ownedBy(context)).maxResults(PageSizes.EC2)).subnets()) {
            Map<String, String> tags = Ec2Tags.toMap(subnet.tags());
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), subnet.subnetId(), context);
            if (key.isEmpty()) {
                continue;
            }
            Map<String, Object> properties = new Fields()
                    .put(SubnetSpec.VPC, context.observed().nameOrId(VpcSpec.KIND, subnet.vpcId()))
                    .put(SubnetSpec.ZONE, subnet.availabilityZone())
                    .put(SubnetSpec.CIDR, Cidr.normalize(subnet.cidrBlock()))
                    .put(SubnetSpec.PUBLIC, subnet.mapPublicIpOnLaunch())
                    .build();
            observed.add(ObservedResource.owned(key.get(), subnet.subnetId(), properties, tags, null));
        }
        return observed;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        SubnetSpec spec = resource.spec(SubnetSpec.class);
        Ec2Client ec2 = context.clients().ec2();
        String vpcId = context.idOf(ResourceKey.of(VpcSpec.KIND, spec.vpc()));
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId)
                        .availabilityZone(spec.zone())
                        .cidrBlock(spec.cidr())
                        .tagSpecifications(Ec2Tags.specification(ResourceType.SUBNET, context.tagsFor(resource))))
                .subnet()
                .subnetId();
        // New subnets never map public IPs, so only a public subnet needs the attribute set.
        if (Boolean.TRUE.equals(spec.isPublic())) {
            setPublic(ec2, subnetId, true);
        }
        return subnetId;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        for (FieldChange change : changes) {
            switch (change.field()) {
                case SubnetSpec.PUBLIC -> setPublic(ec2, live.awsId(), (Boolean) change.after());
                case KindSpec.TAGS -> Ec2Tags.apply(ec2, live.awsId(), change);
                default -> throw new IllegalArgumentException("Subnet field " + change.field() + " cannot be updated in place");
            }
        }
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        NotFound.ignoring(() -> ec2.deleteSubnet(r -> r.subnetId(live.awsId())));
    }

    private static void setPublic(Ec2Client ec2, String subnetId, boolean mapPublicIp) {
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId).mapPublicIpOnLaunch(b -> b.value(mapPublicIp)));
    }
}
