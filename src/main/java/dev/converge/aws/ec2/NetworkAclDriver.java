package dev.converge.aws.ec2;

import dev.converge.aws.ClientTokens;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.NetworkAclEntry;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.UnmanagedScope;
import dev.converge.model.VpcSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Network ACLs of managed VPCs: their numbered entries and the subnets they guard. A VPC's default ACL is
 * never changed: it is only where a subnet goes back to. AWS keeps every subnet associated with exactly
 * one ACL, so a subnet moves between ACLs in one ReplaceNetworkAclAssociation, never through a moment
 * without an ACL; the same holds when a managed ACL is deleted, whose subnets go back to the default ACL
 * first. A subnet the spec moves from one managed ACL to another is moved by the ACL that gains it, in
 * that one call; the ACL that loses it leaves it alone. Entries change in place by rule number
 * (ReplaceNetworkAclEntry), so a changed entry is never missing. The catch-all entries AWS adds (rule
 * 32767, and 32768 for IPv6) are neither reported nor touched.
 */
public final class NetworkAclDriver implements ResourceDriver {

    /**
     * @param subnetIds the ids of the subnets the ACL guards, by their names in the {@code subnets} field
     * @param claimedElsewhere those of them that another declared ACL lists, and takes over itself
     */
    public record Details(String vpcId, Map<String, String> subnetIds, Set<String> claimedElsewhere) {}

    @Override
    public String kind() {
        return NetworkAclSpec.KIND;
    }

    /** Every VPC's default network ACL is AWS's, not someone's doing. */
    @Override
    public Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        return new UnmanagedInVpcs<NetworkAcl>(kind(),
                filters -> ec2.describeNetworkAclsPaginator(r -> r.filters(filters)).networkAcls().stream().toList(),
                NetworkAcl::networkAclId, NetworkAcl::vpcId, NetworkAcl::tags, acl -> Boolean.TRUE.equals(acl.isDefault()))
                .find(context);
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Map<String, Set<ResourceKey>> claims = new HashMap<>();
        for (Resource resource : declared) {
            List<String> subnets = resource.spec(NetworkAclSpec.class).subnets();
            (subnets == null ? List.<String>of() : subnets)
                    .forEach(subnet -> claims.computeIfAbsent(subnet, s -> new java.util.HashSet<>()).add(resource.key()));
        }
        List<ObservedResource> observed = new java.util.ArrayList<>();
        for (NetworkAcl acl : ec2.describeNetworkAclsPaginator(r -> r.filters(Ec2Tags.ownedBy(context))).networkAcls()) {
            Map<String, String> tags = Ec2Tags.toMap(acl.tags());
            if (Boolean.TRUE.equals(acl.isDefault())) {
                continue;
            }
            OwnedTags.key(tags, kind(), acl.networkAclId(), context).ifPresent(key -> {
                Map<String, String> associations = new TreeMap<>();
                for (NetworkAclAssociation association : acl.associations()) {
                    associations.put(context.observed().nameOrId(SubnetSpec.KIND, association.subnetId()), association.subnetId());
                }
                Set<String> claimedElsewhere = associations.keySet().stream()
                        .filter(subnet -> claims.getOrDefault(subnet, Set.of()).stream().anyMatch(other -> !other.equals(key)))
                        .collect(Collectors.toSet());
                Map<String, Object> properties = new Fields()
                        .put(NetworkAclSpec.VPC, context.observed().nameOrId(VpcSpec.KIND, acl.vpcId()))
                        .put(NetworkAclSpec.INBOUND, NetworkAclEntries.read(acl, false))
                        .put(NetworkAclSpec.OUTBOUND, NetworkAclEntries.read(acl, true))
                        .put(NetworkAclSpec.SUBNETS, new TreeSet<>(associations.keySet()))
                        .build();
                observed.add(ObservedResource.owned(key, acl.networkAclId(), properties, tags,
                        new Details(acl.vpcId(), associations, claimedElsewhere)));
            });
        }
        return observed;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        NetworkAclSpec spec = resource.spec(NetworkAclSpec.class);
        Ec2Client ec2 = context.clients().ec2();
        String vpcId = context.idOf(ResourceKey.of(VpcSpec.KIND, spec.vpc()));
        Map<String, String> tags = context.tagsFor(resource);
        String aclId = ec2.createNetworkAcl(r -> r.vpcId(vpcId)
                        .clientToken(ClientTokens.of(context, resource.key(), vpcId, tags))
                        .tagSpecifications(Ec2Tags.specification(ResourceType.NETWORK_ACL, tags)))
                .networkAcl()
                .networkAclId();
        entries(spec.inbound()).forEach(entry -> ec2.createNetworkAclEntry(NetworkAclEntries.create(aclId, entry, false)));
        entries(spec.outbound()).forEach(entry -> ec2.createNetworkAclEntry(NetworkAclEntries.create(aclId, entry, true)));
        if (spec.subnets() != null) {
            moveHere(ec2, aclId, vpcId, spec.subnets(), context);
        }
        return aclId;
    }

    private static List<NetworkAclEntry> entries(List<NetworkAclSpec.EntrySpec> entries) {
        return entries == null ? List.of() : entries.stream().map(NetworkAclSpec.EntrySpec::normalized).sorted().toList();
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Details details = live.details(Details.class);
        for (FieldChange change : changes) {
            switch (change.field()) {
                case NetworkAclSpec.INBOUND -> updateEntries(ec2, live.awsId(), change, false);
                case NetworkAclSpec.OUTBOUND -> updateEntries(ec2, live.awsId(), change, true);
                case NetworkAclSpec.SUBNETS -> {
                    moveHere(ec2, live.awsId(), details.vpcId(), names(change.added()), context);
                    release(ec2, live.awsId(), details.vpcId(), names(change.removed()).stream()
                            .filter(subnet -> !details.claimedElsewhere().contains(subnet))
                            .map(details.subnetIds()::get)
                            .collect(Collectors.toSet()));
                }
                case KindSpec.TAGS -> Ec2Tags.apply(ec2, live.awsId(), change);
                default -> throw new IllegalArgumentException("NetworkAcl field " + change.field() + " cannot be updated in place");
            }
        }
    }

    /**
     * Replaces the entries whose rule number stays and creates the new ones before deleting those whose
     * number is gone, so no declared entry is ever missing.
     */
    private static void updateEntries(Ec2Client ec2, String aclId, FieldChange change, boolean egress) {
        Set<Integer> existing = ruleNumbers(change.before());
        Set<Integer> kept = ruleNumbers(change.added());
        for (Object added : change.added()) {
            NetworkAclEntry entry = (NetworkAclEntry) added;
            if (existing.contains(entry.rule())) {
                ec2.replaceNetworkAclEntry(NetworkAclEntries.replace(aclId, entry, egress));
            } else {
                ec2.createNetworkAclEntry(NetworkAclEntries.create(aclId, entry, egress));
            }
        }
        for (Object removed : change.removed()) {
            int rule = ((NetworkAclEntry) removed).rule();
            if (!kept.contains(rule)) {
                NotFound.ignoring(() -> ec2.deleteNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(rule).egress(egress)));
            }
        }
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Details details = live.details(Details.class);
        release(ec2, live.awsId(), details.vpcId(), Set.copyOf(details.subnetIds().values()));
        NotFound.ignoring(() -> ec2.deleteNetworkAcl(r -> r.networkAclId(live.awsId())));
    }

    /** Moves subnets from whichever ACL guards them now (the default one, another) to this one. */
    private static void moveHere(Ec2Client ec2, String aclId, String vpcId, Collection<String> subnetNames, DriverContext context) {
        if (subnetNames.isEmpty()) {
            return;
        }
        Set<String> subnetIds = subnetNames.stream()
                .map(name -> context.idOf(ResourceKey.of(SubnetSpec.KIND, name)))
                .collect(Collectors.toSet());
        Map<String, NetworkAclAssociation> current = new HashMap<>();
        for (NetworkAcl acl : aclsOf(ec2, vpcId)) {
            acl.associations().stream()
                    .filter(a -> subnetIds.contains(a.subnetId()))
                    .forEach(a -> current.put(a.subnetId(), a));
        }
        for (String subnetId : subnetIds) {
            NetworkAclAssociation association = current.get(subnetId);
            if (association == null) {
                throw new IllegalStateException("subnet " + subnetId + " is associated with no network ACL of VPC " + vpcId);
            }
            if (!association.networkAclId().equals(aclId)) {
                ec2.replaceNetworkAclAssociation(r -> r.associationId(association.networkAclAssociationId()).networkAclId(aclId));
            }
        }
    }

    /**
     * Hands the subnets this ACL still guards back to the VPC's default ACL. Read afresh: in this pass another
     * ACL may already have taken a subnet over.
     */
    private static void release(Ec2Client ec2, String aclId, String vpcId, Set<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return;
        }
        List<NetworkAcl> acls = aclsOf(ec2, vpcId);
        String defaultAcl = acls.stream()
                .filter(acl -> Boolean.TRUE.equals(acl.isDefault()))
                .map(NetworkAcl::networkAclId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("VPC " + vpcId + " has no default network ACL"));
        acls.stream()
                .filter(acl -> acl.networkAclId().equals(aclId))
                .flatMap(acl -> acl.associations().stream())
                .filter(association -> subnetIds.contains(association.subnetId()))
                .forEach(association -> ec2.replaceNetworkAclAssociation(
                        r -> r.associationId(association.networkAclAssociationId()).networkAclId(defaultAcl)));
    }

    /** Every ACL of the VPC with its associations, the default one included, in one paginated call. */
    private static List<NetworkAcl> aclsOf(Ec2Client ec2, String vpcId) {
        Filter vpc = Filter.builder().name("vpc-id").values(vpcId).build();
        return ec2.describeNetworkAclsPaginator(r -> r.filters(vpc)).networkAcls().stream().toList();
    }

    private static Set<Integer> ruleNumbers(Object entries) {
        Set<Integer> rules = new TreeSet<>();
        if (entries instanceof Collection<?> values) {
            values.forEach(e -> rules.add(((NetworkAclEntry) e).rule()));
        }
        return rules;
    }

    private static List<String> names(Set<Object> subnets) {
        return subnets.stream().map(String.class::cast).toList();
    }
}
