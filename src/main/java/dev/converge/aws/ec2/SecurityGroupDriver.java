package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupRule;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.UnmanagedScope;
import dev.converge.model.VpcSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Security groups and their rules. A group is created bare: its rules may refer to groups that do not
 * exist yet (two groups may allow each other), so the engine's follow-up update in the same pass
 * authorizes them once every group has an id.
 *
 * <p>Deleting a group does not first revoke rules of other groups that refer to it. When the spec drops
 * a group together with the rules that name it, the same pass revokes those rules (updates are planned
 * before deletes); a rule that still names it makes AWS refuse the delete until the spec is fixed.
 */
public final class SecurityGroupDriver implements ResourceDriver {

    /** The name of the group AWS creates with every VPC. */
    private static final String DEFAULT_GROUP = "default";

    /** The AWS rule id of every observed rule, by direction, so an update revokes exactly the stale ones. */
    public record Details(Map<RuleDirection, Map<SecurityGroupRule, String>> ruleIds) {

        public Details {
            ruleIds = Map.copyOf(ruleIds);
        }

        public Map<SecurityGroupRule, String> ruleIds(RuleDirection direction) {
            return ruleIds.getOrDefault(direction, Map.of());
        }
    }

    @Override
    public String kind() {
        return SecurityGroupSpec.KIND;
    }

    /** Every VPC's own {@code default} group is AWS's, not someone's doing. */
    @Override
    public Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        return new UnmanagedInVpcs<SecurityGroup>(kind(),
                filters -> ec2.describeSecurityGroupsPaginator(r -> r.filters(filters).maxResults(PageSizes.EC2)).securityGroups().stream().toList(),
                SecurityGroup::groupId, SecurityGroup::vpcId, SecurityGroup::tags, g -> DEFAULT_GROUP.equals(g.groupName()))
                .find(context);
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Map<String, ResourceKey> managed = new LinkedHashMap<>();
        List<SecurityGroup> groups = new ArrayList<>();
        for (SecurityGroup group : ec2.describeSecurityGroupsPaginator(r -> r.filters(Ec2Tags.ownedBy(context)).maxResults(PageSizes.EC2)).securityGroups()) {
            OwnedTags.key(Ec2Tags.toMap(group.tags()), kind(), group.groupId(), context).ifPresent(key -> {
                managed.put(group.groupId(), key);
                groups.add(group);
            });
        }
        return observed(ec2, groups, managed, context);
    }

    /**
     * The group the resource adopts, by id, read as the resource: a group that carries another resource's
     * ownership tags is not offered, nor one outside the environment's account (AWS answers not found).
     */
    @Override
    public Optional<ObservedResource> observeForAdoption(Resource resource, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        String id = resource.management().adopt();
        List<SecurityGroup> found = NotFound.readOr(() -> ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups(),
                List.of());
        return found.stream()
                .filter(group -> !Ec2Tags.toMap(group.tags()).containsKey(Ownership.RESOURCE))
                .findFirst()
                .map(group -> observed(ec2, List.of(group), Map.of(group.groupId(), resource.key()), context).get(0));
    }

    /** The groups with their rules, each under its key; peers that are the given groups are named by key. */
    private List<ObservedResource> observed(
            Ec2Client ec2, List<SecurityGroup> groups, Map<String, ResourceKey> keys, DriverContext context) {
        Map<String, Map<RuleDirection, Map<SecurityGroupRule, String>>> rules = rulesOf(ec2, keys);
        List<ObservedResource> observed = new ArrayList<>();
        for (SecurityGroup group : groups) {
            Map<RuleDirection, Map<SecurityGroupRule, String>> ids = rules.getOrDefault(group.groupId(), Map.of());
            Map<SecurityGroupRule, String> ingress = ids.getOrDefault(RuleDirection.INGRESS, Map.of());
            Map<SecurityGroupRule, String> egress = ids.getOrDefault(RuleDirection.EGRESS, Map.of());
            Fields fields = new Fields()
                    .put(SecurityGroupSpec.VPC, context.observed().nameOrId(VpcSpec.KIND, group.vpcId()))
                    .put(SecurityGroupSpec.DESCRIPTION, group.description())
                    .put(RuleDirection.INGRESS.field(), new TreeSet<>(ingress.keySet()))
                    .put(RuleDirection.EGRESS.field(), new TreeSet<>(egress.keySet()));
            observed.add(ObservedResource.owned(keys.get(group.groupId()), group.groupId(), fields.build(),
                    Ec2Tags.toMap(group.tags()), new Details(ids)));
        }
        return observed;
    }

    /** Every rule of the given groups in one call, canonical, with its rule id, by group id and direction. */
    private static Map<String, Map<RuleDirection, Map<SecurityGroupRule, String>>> rulesOf(
            Ec2Client ec2, Map<String, ResourceKey> managed) {
        Map<String, Map<RuleDirection, Map<SecurityGroupRule, String>>> byGroup = new LinkedHashMap<>();
        if (managed.isEmpty()) {
            return byGroup;
        }
        Filter groups = Filter.builder().name("group-id").values(managed.keySet()).build();
        for (var rule : ec2.describeSecurityGroupRulesPaginator(r -> r.filters(groups).maxResults(PageSizes.EC2)).securityGroupRules()) {
            byGroup.computeIfAbsent(rule.groupId(), g -> new EnumMap<>(RuleDirection.class))
                    .computeIfAbsent(RuleDirection.of(rule), d -> new TreeMap<>())
                    .put(SecurityGroupRules.canonical(rule, managed), rule.securityGroupRuleId());
        }
        return byGroup;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        SecurityGroupSpec spec = resource.spec(SecurityGroupSpec.class);
        String vpcId = spec.vpc() == null ? null : context.idOf(ResourceKey.of(VpcSpec.KIND, spec.vpc()));
        String description = spec.description() != null ? spec.description() : "Managed by Converge: " + resource.name();
        return context.clients().ec2().createSecurityGroup(r -> r
                        .groupName(context.environment().name() + "-" + resource.name())
                        .description(description)
                        .vpcId(vpcId)
                        .tagSpecifications(Ec2Tags.specification(ResourceType.SECURITY_GROUP, context.tagsFor(resource))))
                .groupId();
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        for (FieldChange change : changes) {
            switch (change.field()) {
                case SecurityGroupSpec.INGRESS -> applyRules(ec2, live, RuleDirection.INGRESS, change, context);
                case SecurityGroupSpec.EGRESS -> applyRules(ec2, live, RuleDirection.EGRESS, change, context);
                case KindSpec.TAGS -> Ec2Tags.apply(ec2, live.awsId(), change);
                default -> throw new IllegalArgumentException(
                        "SecurityGroup field " + change.field() + " cannot be updated in place");
            }
        }
    }

    /**
     * Revokes stale rules before authorizing new ones, because a rule whose description changed is the
     * same permission to AWS and would otherwise be refused as a duplicate. Peers are resolved first so
     * a missing peer group fails the step before anything is revoked.
     */
    private static void applyRules(
            Ec2Client ec2, ObservedResource live, RuleDirection direction, FieldChange change, DriverContext context) {
        List<IpPermission> grant = change.added().stream()
                .map(rule -> SecurityGroupRules.permission((SecurityGroupRule) rule, context))
                .toList();
        Map<SecurityGroupRule, String> ids = live.details(Details.class).ruleIds(direction);
        List<String> revoke = change.removed().stream().map(ids::get).toList();
        if (!revoke.isEmpty()) {
            direction.revoke(ec2, live.awsId(), revoke);
        }
        if (!grant.isEmpty()) {
            direction.authorize(ec2, live.awsId(), grant);
        }
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        NotFound.ignoring(() -> context.clients().ec2().deleteSecurityGroup(r -> r.groupId(live.awsId())));
    }
}
