package dev.converge.aws.ec2;

import dev.converge.aws.ClientTokens;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.DriverContext;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.ConnectivityType;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * Public NAT gateways, each with an Elastic IP that Converge allocates, tags like the gateway, and
 * releases when it deletes the gateway.
 */
public final class NatGatewayDriver implements ResourceDriver {

    /** @param allocationIds the Elastic IPs the gateway uses; only those tagged as its own are released */
    public record Details(List<String> allocationIds) {}

    /** A gateway in one of these states is gone or going, and no longer stands for its resource. */
    private static final Set<String> GONE = Set.of("deleted", "deleting", "failed");

    @Override
    public String kind() {
        return NatGatewaySpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        List<Filter> filters = new ArrayList<>(Ec2Tags.ownedBy(context));
        filters.add(Filter.builder().name("state").values("pending", "available").build());
        List<ObservedResource> observed = new ArrayList<>();
        for (NatGateway gateway : ec2.describeNatGatewaysPaginator(r -> r.filter(filters)).natGateways()) {
            Map<String, String> tags = Ec2Tags.toMap(gateway.tags());
            // Ownership and state are checked here too: some APIs (moto) ignore the filters above.
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), gateway.natGatewayId(), context);
            if (key.isEmpty() || GONE.contains(gateway.stateAsString())) {
                continue;
            }
            Map<String, Object> properties = new Fields()
                    .put("subnet", context.observed().nameOrId(SubnetSpec.KIND, gateway.subnetId()))
                    .build();
            List<String> allocations = gateway.natGatewayAddresses().stream()
                    .map(NatGatewayAddress::allocationId)
                    .filter(id -> id != null)
                    .toList();
            observed.add(ObservedResource.owned(key.get(), gateway.natGatewayId(), properties, tags, new Details(allocations)));
        }
        return observed;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        NatGatewaySpec spec = resource.spec(NatGatewaySpec.class);
        Ec2Client ec2 = context.clients().ec2();
        String subnetId = context.idOf(ResourceKey.of(SubnetSpec.KIND, spec.subnet()));
        Map<String, String> tags = context.tagsFor(resource);
        // An address left by a create that died before the gateway existed is reused, not leaked.
        String allocationId = unusedAddress(ec2, resource.key(), context).orElseGet(() -> allocate(ec2, tags));
        try {
            return ec2.createNatGateway(r -> r.subnetId(subnetId)
                            .allocationId(allocationId)
                            .connectivityType(ConnectivityType.PUBLIC)
                            .clientToken(clientToken(context, resource.key(), allocationId))
                            .tagSpecifications(Ec2Tags.specification(ResourceType.NATGATEWAY, tags)))
                    .natGateway()
                    .natGatewayId();
        } catch (AwsServiceException e) {
            // AWS refused the gateway, so the address is certainly unused. After a client-side failure
            // (a timeout) the gateway may exist: the address is kept, and the next try reuses it with
            // the same client token.
            try {
                release(ec2, allocationId);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        for (FieldChange change : changes) {
            if (!change.field().equals("tags")) {
                throw new IllegalArgumentException("NatGateway field " + change.field() + " cannot be updated in place");
            }
            Ec2Tags.apply(ec2, live.awsId(), change);
        }
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Ec2Errors.ignoringNotFound(() -> ec2.deleteNatGateway(r -> r.natGatewayId(live.awsId())));
        List<String> allocations = live.details(Details.class).allocationIds();
        if (allocations.isEmpty()) {
            return;
        }
        // The address stays associated until the gateway is fully deleted; releasing earlier fails.
        try (Ec2Waiter waiter = ec2.waiter()) {
            waiter.waitUntilNatGatewayDeleted(r -> r.natGatewayIds(live.awsId()));
        }
        // A filter rather than allocation ids: an address someone already released is not an error.
        Filter used = Filter.builder().name("allocation-id").values(allocations).build();
        List<Address> addresses = ec2.describeAddresses(r -> r.filters(used)).addresses();
        for (Address address : addresses) {
            if (taggedFor(address, live.key(), context)) {
                release(ec2, address.allocationId());
            }
        }
    }

    private static String allocate(Ec2Client ec2, Map<String, String> tags) {
        return ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                        .tagSpecifications(Ec2Tags.specification(ResourceType.ELASTIC_IP, tags)))
                .allocationId();
    }

    private static void release(Ec2Client ec2, String allocationId) {
        Ec2Errors.ignoringNotFound(() -> ec2.releaseAddress(r -> r.allocationId(allocationId)));
    }

    /** An Elastic IP tagged for this gateway and associated with nothing. */
    private Optional<String> unusedAddress(Ec2Client ec2, ResourceKey key, DriverContext context) {
        List<Filter> filters = new ArrayList<>(Ec2Tags.ownedBy(context));
        filters.add(Filter.builder().name("tag:" + Ownership.RESOURCE).values(key.toString()).build());
        return ec2.describeAddresses(r -> r.filters(filters)).addresses().stream()
                .filter(a -> a.associationId() == null && taggedFor(a, key, context))
                .map(Address::allocationId)
                .findFirst();
    }

    private static boolean taggedFor(Address address, ResourceKey key, DriverContext context) {
        return OwnedTags.key(Ec2Tags.toMap(address.tags()), NatGatewaySpec.KIND, address.allocationId(), context)
                .filter(key::equals)
                .isPresent();
    }

    /**
     * The address is the request content that matters: a later, different gateway of the same resource
     * (after a replacement) gets a new address and so must not collide with the old token.
     */
    static String clientToken(DriverContext context, ResourceKey key, String allocationId) {
        return ClientTokens.of(context, key, allocationId);
    }
}
