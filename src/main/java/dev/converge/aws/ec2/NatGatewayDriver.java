package dev.converge.aws.ec2;

import dev.converge.aws.ClientTokens;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.Waiting;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.UnmanagedScope;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.ConnectivityType;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Public NAT gateways, each with an Elastic IP that Converge allocates, tags like the gateway, and
 * releases when it deletes the gateway.
 */
public final class NatGatewayDriver implements ResourceDriver {

    /**
     * @param allocationIds the Elastic IPs the gateway uses; only those tagged as its own are released
     * @param state the gateway's state as observed
     */
    public record Details(List<String> allocationIds, String state) {}

    private static final String DELETED = "deleted";
    private static final String DELETING = "deleting";
    private static final Set<String> LIVE = Set.of("pending", "available");

    @Override
    public String kind() {
        return NatGatewaySpec.KIND;
    }

    /** Gateways being deleted or gone are not reported: they are on their way out. */
    @Override
    public Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        return new UnmanagedInVpcs<NatGateway>(kind(),
                filters -> ec2.describeNatGatewaysPaginator(r -> r.filter(filters).maxResults(PageSizes.EC2)).natGateways().stream().toList(),
                NatGateway::natGatewayId, NatGateway::vpcId, NatGateway::tags, gateway -> !LIVE.contains(gateway.stateAsString()))
                .find(context);
    }

    /**
     * Live gateways, and gateways still on their way out where no live one carries the key: one that is
     * deleting (so a delete that waits is continued and what depends on it keeps waiting), or one of a
     * resource left the spec that is deleted but whose Elastic IP is not released yet. A declared
     * resource whose old gateway is gone is not observed, so it is created again, reusing that address.
     */
    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        List<Filter> filters = new ArrayList<>(Ec2Tags.ownedBy(context));
        filters.add(Filter.builder().name("state").values("pending", "available", DELETING, DELETED).build());
        Map<ResourceKey, ObservedResource> departing = new LinkedHashMap<>();
        List<ObservedResource> observed = new ArrayList<>();
        Set<String> releasable = null;
        for (NatGateway gateway : ec2.describeNatGatewaysPaginator(r -> r.filter(filters).maxResults(PageSizes.EC2)).natGateways()) {
            Map<String, String> tags = Ec2Tags.toMap(gateway.tags());
            // Ownership is checked here too: some APIs (moto) ignore the tag filters above.
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), gateway.natGatewayId(), context);
            String state = gateway.stateAsString();
            if (key.isEmpty()) {
                continue;
            }
            ObservedResource resource = observed(key.get(), gateway, tags, context);
            if (LIVE.contains(state)) {
                observed.add("pending".equals(state) ? resource.withProgress("NAT gateway pending") : resource);
            } else if (DELETING.equals(state)) {
                departing.putIfAbsent(key.get(), resource.withProgress("NAT gateway deleting"));
            } else if (DELETED.equals(state) && declared.stream().noneMatch(r -> r.key().equals(key.get()))) {
                if (releasable == null) {
                    releasable = ownedAddresses(ec2, context);
                }
                if (resource.details(Details.class).allocationIds().stream().anyMatch(releasable::contains)) {
                    departing.putIfAbsent(key.get(), resource);
                }
            }
        }
        Set<ResourceKey> live = new HashSet<>();
        observed.forEach(r -> live.add(r.key()));
        departing.forEach((key, resource) -> {
            if (!live.contains(key)) {
                observed.add(resource);
            }
        });
        return observed;
    }

    private static ObservedResource observed(ResourceKey key, NatGateway gateway, Map<String, String> tags, DriverContext context) {
        Map<String, Object> properties = new Fields()
                .put(NatGatewaySpec.SUBNET, context.observed().nameOrId(SubnetSpec.KIND, gateway.subnetId()))
                .build();
        List<String> allocations = gateway.natGatewayAddresses().stream()
                .map(NatGatewayAddress::allocationId)
                .filter(id -> id != null)
                .toList();
        return ObservedResource.owned(key, gateway.natGatewayId(), properties, tags, new Details(allocations, gateway.stateAsString()));
    }

    /** The allocation ids of the Elastic IPs this controller tagged in the environment. */
    private static Set<String> ownedAddresses(Ec2Client ec2, DriverContext context) {
        return ec2.describeAddresses(r -> r.filters(Ec2Tags.ownedBy(context))).addresses().stream()
                .filter(a -> OwnedTags.key(Ec2Tags.toMap(a.tags()), NatGatewaySpec.KIND, a.allocationId(), context).isPresent())
                .map(Address::allocationId)
                .collect(Collectors.toSet());
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
            if (!change.field().equals(KindSpec.TAGS)) {
                throw new IllegalArgumentException("NatGateway field " + change.field() + " cannot be updated in place");
            }
            Ec2Tags.apply(ec2, live.awsId(), change);
        }
    }

    /**
     * Deletes the gateway and, once AWS has deleted it, releases its Elastic IPs (an address stays
     * associated until then and releasing it earlier fails). AWS takes minutes for that, so the step
     * does not wait: it reports waiting, and a later pass, observing the gateway deleting or deleted,
     * deletes again and releases.
     */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Details details = live.details(Details.class);
        if (!DELETED.equals(details.state())) {
            NotFound.ignoring(() -> ec2.deleteNatGateway(r -> r.natGatewayId(live.awsId())));
        }
        String state = stateOf(ec2, live.awsId());
        if (!DELETED.equals(state)) {
            throw new Waiting("NAT gateway " + live.awsId() + " is " + state
                    + "; its Elastic IP is released, and what it is in can go, once AWS has deleted it");
        }
        if (details.allocationIds().isEmpty()) {
            return;
        }
        // A filter rather than allocation ids: an address someone already released is not an error.
        Filter used = Filter.builder().name("allocation-id").values(details.allocationIds()).build();
        List<Address> addresses = ec2.describeAddresses(r -> r.filters(used)).addresses();
        for (Address address : addresses) {
            if (taggedFor(address, live.key(), context)) {
                release(ec2, address.allocationId());
            }
        }
    }

    /** The gateway's state now; one AWS no longer lists is deleted. */
    private static String stateOf(Ec2Client ec2, String gatewayId) {
        Filter id = Filter.builder().name("nat-gateway-id").values(gatewayId).build();
        return ec2.describeNatGateways(r -> r.filter(id)).natGateways().stream()
                .map(NatGateway::stateAsString)
                .findFirst()
                .orElse(DELETED);
    }

    private static String allocate(Ec2Client ec2, Map<String, String> tags) {
        return ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                        .tagSpecifications(Ec2Tags.specification(ResourceType.ELASTIC_IP, tags)))
                .allocationId();
    }

    private static void release(Ec2Client ec2, String allocationId) {
        NotFound.ignoring(() -> ec2.releaseAddress(r -> r.allocationId(allocationId)));
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
