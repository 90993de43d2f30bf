package dev.converge.aws.rds;

import dev.converge.aws.BoundedParallel;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.TaggedResources;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;

/**
 * DB subnet groups. RDS cannot filter subnet groups by tag and leaves tags out of DescribeDBSubnetGroups,
 * so observation lists every group once and takes the tags of those named like this environment's from
 * the tagging API ({@code rds:subgrp}, one page per 100 groups); a group that API does not list, or lists
 * without the tags its declaration wants (the API is eventually consistent), has its tags read from RDS,
 * a few at a time. A declared name held by a group without our tags is reported as foreign and never
 * touched.
 */
public final class DbSubnetGroupDriver implements ResourceDriver {

    /** Tag reads in flight at once during observation. */
    static final int PARALLELISM = 8;
    private static final String RESOURCE_TYPE = "rds:subgrp";

    @Override
    public String kind() {
        return DbSubnetGroupSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        RdsClient rds = context.clients().rds();
        String prefix = groupName("", context);
        // Converge names every group <environment>-<name>, so only those can be this environment's.
        List<DBSubnetGroup> groups = rds.describeDBSubnetGroupsPaginator(r -> r.maxRecords(PageSizes.RDS)).dbSubnetGroups().stream()
                .filter(g -> g.dbSubnetGroupName().startsWith(prefix))
                .toList();
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> listed = TaggedResources.of(RESOURCE_TYPE, context);
        List<Map<String, String>> tagSets = BoundedParallel.map(groups, PARALLELISM, g -> {
            Map<String, String> tags = listed.get(g.dbSubnetGroupArn());
            Map<String, String> wanted = declared.stream().filter(r -> groupName(r.name(), context).equals(g.dbSubnetGroupName()))
                    .findFirst().map(context::tagsFor).orElse(Map.of());
            return TaggedResources.suffice(tags, wanted) ? tags : RdsTags.read(rds, g.dbSubnetGroupArn());
        });
        List<ObservedResource> observed = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            DBSubnetGroup group = groups.get(i);
            Map<String, String> tags = tagSets.get(i);
            OwnedTags.key(tags, kind(), group.dbSubnetGroupName(), context).ifPresentOrElse(
                    key -> observed.add(ObservedResource.owned(key, group.dbSubnetGroupName(), fields(group, context), tags,
                            group.dbSubnetGroupArn())),
                    () -> declaredWithName(declared, group.dbSubnetGroupName(), context)
                            .ifPresent(key -> observed.add(ObservedResource.foreign(key, group.dbSubnetGroupName(), tags))));
        }
        return observed;
    }

    private static Map<String, Object> fields(DBSubnetGroup group, DriverContext context) {
        TreeSet<String> subnets = new TreeSet<>();
        for (Subnet subnet : group.subnets()) {
            subnets.add(context.observed().nameOrId(SubnetSpec.KIND, subnet.subnetIdentifier()));
        }
        return new Fields()
                .put(DbSubnetGroupSpec.DESCRIPTION, group.dbSubnetGroupDescription())
                .put(DbSubnetGroupSpec.SUBNETS, subnets)
                .build();
    }

    private static Optional<ResourceKey> declaredWithName(List<Resource> declared, String awsName, DriverContext context) {
        return declared.stream()
                .map(Resource::key)
                .filter(key -> groupName(key.name(), context).equals(awsName))
                .findFirst();
    }

    private static String groupName(String name, DriverContext context) {
        return DbSubnetGroupSpec.groupName(context.environment().name(), name);
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        DbSubnetGroupSpec spec = resource.spec(DbSubnetGroupSpec.class);
        String name = groupName(resource.name(), context);
        String description = spec.description() != null ? spec.description() : "Managed by Converge: " + resource.name();
        return context.clients().rds().createDBSubnetGroup(r -> r
                        .dbSubnetGroupName(name)
                        .dbSubnetGroupDescription(description)
                        .subnetIds(subnetIds(spec, context))
                        .tags(RdsTags.toTags(context.tagsFor(resource))))
                .dbSubnetGroup()
                .dbSubnetGroupName();
    }

    /** ModifyDBSubnetGroup takes the whole subnet list, even to change only the description. */
    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        RdsClient rds = context.clients().rds();
        DbSubnetGroupSpec spec = resource.spec(DbSubnetGroupSpec.class);
        boolean modify = false;
        for (FieldChange change : changes) {
            switch (change.field()) {
                case DbSubnetGroupSpec.DESCRIPTION, DbSubnetGroupSpec.SUBNETS -> modify = true;
                case KindSpec.TAGS -> RdsTags.apply(rds, live.details(String.class), change);
                default -> throw new IllegalArgumentException(
                        "DbSubnetGroup field " + change.field() + " cannot be updated in place");
            }
        }
        if (modify) {
            rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(live.awsId())
                    .dbSubnetGroupDescription(spec.description())
                    .subnetIds(subnetIds(spec, context)));
        }
    }

    private static List<String> subnetIds(DbSubnetGroupSpec spec, DriverContext context) {
        return spec.subnets().stream().map(s -> context.idOf(ResourceKey.of(SubnetSpec.KIND, s))).toList();
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        NotFound.ignoring(() -> context.clients().rds().deleteDBSubnetGroup(r -> r.dbSubnetGroupName(live.awsId())));
    }
}
