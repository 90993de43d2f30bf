package dev.converge.aws.rds;

import static dev.converge.model.AuroraClusterSpec.DELETION_PROTECTION;
import static dev.converge.model.AuroraClusterSpec.INSTANCE_CLASS;
import static dev.converge.model.AuroraClusterSpec.READERS;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/**
 * Aurora clusters and their instances. The master password is always managed by RDS in Secrets
 * Manager ({@code ManageMasterUserPassword}), so Converge never sees, sends or logs one.
 *
 * <p>Clusters are observed in one paginated DescribeDBClusters (RDS cannot filter them by tag, but
 * returns their tags) and the instances of the managed ones in one paginated DescribeDBInstances. How
 * instances are added, replaced and removed is {@link ClusterMembers}'s decision; this class carries it
 * out. A cluster with deletion protection, in the spec or live, is never deleted.
 *
 * <p>The declared engine version is a floor: a newer release of its major, as AWS's automatic minor
 * upgrades install, is not drift; a newer declared version is an upgrade in place, applied immediately
 * like every other change (so the outage comes when the spec change lands, not at a maintenance window
 * a later unrelated change could pull forward); an older major is reported and never sent.
 */
public final class AuroraClusterDriver implements ResourceDriver {

    static final String PROTECTED = "deletion protection is on; Converge never deletes a protected cluster";

    /** Fields that ModifyDBCluster does not carry. */
    private static final Set<String> NOT_CLUSTER_FIELDS = Set.of(INSTANCE_CLASS, READERS, KindSpec.TAGS);
    private static final String DELETING = "deleting";
    private static final String AVAILABLE = "available";
    /** States AWS moves a cluster or instance through on its way to the next stable one. */
    private static final Set<String> TRANSITIONAL = Set.of("creating", "modifying", "failing-over", "upgrading",
            "renaming", "rebooting", "configuring-enhanced-monitoring", "starting", "deleting");
    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** What update and delete need beyond the compared fields. */
    public record Details(String arn, ClusterMembers members) {}

    private record Managed(DBCluster cluster, ResourceKey key) {}

    @Override
    public String kind() {
        return AuroraClusterSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        RdsClient rds = context.clients().rds();
        List<Managed> managed = new ArrayList<>();
        List<ObservedResource> observed = new ArrayList<>();
        for (DBCluster cluster : rds.describeDBClustersPaginator(r -> r.maxRecords(PageSizes.RDS)).dbClusters()) {
            Map<String, String> tags = RdsTags.toMap(cluster.tagList());
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), cluster.dbClusterIdentifier(), context);
            if (key.isPresent()) {
                managed.add(new Managed(cluster, key.get()));
            } else {
                declaredWithIdentifier(declared, cluster.dbClusterIdentifier(), context)
                        .ifPresent(k -> observed.add(ObservedResource.foreign(k, cluster.dbClusterIdentifier(), tags)));
            }
        }
        Map<String, List<DBInstance>> instances = instancesOf(rds, managed.stream().map(Managed::cluster).toList());
        for (Managed m : managed) {
            DBCluster cluster = m.cluster();
            ClusterMembers members = new ClusterMembers(cluster.dbClusterIdentifier(),
                    members(cluster, instances.getOrDefault(cluster.dbClusterIdentifier(), List.of()), m.key(), context));
            String declaredVersion = declaredVersion(declared, m.key(), cluster.engine());
            String liveVersion = liveVersion(cluster);
            observed.add(ObservedResource.owned(m.key(), cluster.dbClusterIdentifier(),
                            fields(cluster, EngineVersion.reported(declaredVersion, liveVersion), members, context),
                            RdsTags.toMap(cluster.tagList()), new Details(cluster.dbClusterArn(), members))
                    .withProgress(progress(cluster, instances.getOrDefault(cluster.dbClusterIdentifier(), List.of())).orElse(null))
                    .withUnreachable(EngineVersion.unreachable(declaredVersion, liveVersion)
                            .map(why -> Map.of(AuroraClusterSpec.ENGINE_VERSION, why)).orElse(Map.of())));
        }
        return observed;
    }

    /**
     * What AWS is still doing to the cluster by itself: creating, modifying or failing over it or one of
     * its instances (a reader of a new class on its way). A cluster or instance that is stopped or has
     * failed is not progressing: nothing comes of waiting for it.
     */
    private static Optional<String> progress(DBCluster cluster, List<DBInstance> instances) {
        if (TRANSITIONAL.contains(cluster.status())) {
            return Optional.of("cluster " + cluster.status());
        }
        List<String> busy = instances.stream()
                .filter(i -> TRANSITIONAL.contains(i.dbInstanceStatus()))
                .map(i -> i.dbInstanceIdentifier() + " " + i.dbInstanceStatus())
                .sorted()
                .toList();
        return busy.isEmpty() ? Optional.empty() : Optional.of("instances " + String.join(", ", busy));
    }

    /** The engine version the spec declares for the cluster, if it declares one for the cluster's engine. */
    private static String declaredVersion(List<Resource> declared, ResourceKey key, String engine) {
        return declared.stream()
                .filter(r -> r.key().equals(key))
                .map(r -> r.spec(AuroraClusterSpec.class))
                .filter(spec -> engine.equals(spec.engine()))
                .map(AuroraClusterSpec::engineVersion)
                .findFirst()
                .orElse(null);
    }

    /** The version the cluster is on or, while an upgrade is pending or under way, the one it is moving to. */
    static String liveVersion(DBCluster cluster) {
        String pending = cluster.pendingModifiedValues() == null ? null : cluster.pendingModifiedValues().engineVersion();
        return pending != null ? pending : cluster.engineVersion();
    }

    private static Optional<ResourceKey> declaredWithIdentifier(
            List<Resource> declared, String identifier, DriverContext context) {
        return declared.stream()
                .map(Resource::key)
                .filter(key -> identifier(key.name(), context).equals(identifier))
                .findFirst();
    }

    private static String identifier(String name, DriverContext context) {
        return AuroraClusterSpec.identifier(context.environment().name(), name);
    }

    /** The instances of the given clusters, in one paginated call, by cluster identifier. */
    private static Map<String, List<DBInstance>> instancesOf(RdsClient rds, List<DBCluster> clusters) {
        Map<String, List<DBInstance>> byCluster = new HashMap<>();
        if (clusters.isEmpty()) {
            return byCluster;
        }
        Filter ofClusters = Filter.builder().name("db-cluster-id")
                .values(clusters.stream().map(DBCluster::dbClusterIdentifier).toList())
                .build();
        for (DBInstance instance : rds.describeDBInstancesPaginator(r -> r.filters(ofClusters).maxRecords(PageSizes.RDS)).dbInstances()) {
            byCluster.computeIfAbsent(instance.dbClusterIdentifier(), c -> new ArrayList<>()).add(instance);
        }
        return byCluster;
    }

    /** The cluster's instances, without those being deleted: they are already on their way out. */
    private static List<Member> members(
            DBCluster cluster, List<DBInstance> instances, ResourceKey key, DriverContext context) {
        Map<String, Boolean> writers = new HashMap<>();
        for (DBClusterMember member : cluster.dbClusterMembers()) {
            writers.put(member.dbInstanceIdentifier(), Boolean.TRUE.equals(member.isClusterWriter()));
        }
        return instances.stream()
                .filter(i -> !DELETING.equals(i.dbInstanceStatus()))
                .map(i -> new Member(
                        i.dbInstanceIdentifier(),
                        i.dbInstanceClass(),
                        writers.getOrDefault(i.dbInstanceIdentifier(), false),
                        AVAILABLE.equals(i.dbInstanceStatus()),
                        i.instanceCreateTime(),
                        ownedBy(i, key, context)))
                .toList();
    }

    /** Whether the instance carries this controller's tags for this very cluster. */
    private static boolean ownedBy(DBInstance instance, ResourceKey cluster, DriverContext context) {
        return OwnedTags.key(RdsTags.toMap(instance.tagList()), AuroraClusterSpec.KIND, instance.dbInstanceIdentifier(), context)
                .filter(cluster::equals)
                .isPresent();
    }

    private static Map<String, Object> fields(
            DBCluster cluster, String engineVersion, ClusterMembers members, DriverContext context) {
        TreeSet<String> securityGroups = new TreeSet<>();
        cluster.vpcSecurityGroups().forEach(g -> securityGroups.add(
                context.observed().nameOrId(SecurityGroupSpec.KIND, g.vpcSecurityGroupId())));
        return new Fields()
                .put(AuroraClusterSpec.ENGINE, cluster.engine())
                .put(AuroraClusterSpec.ENGINE_VERSION, engineVersion)
                .put(AuroraClusterSpec.SUBNET_GROUP, context.observed().nameOrId(DbSubnetGroupSpec.KIND, cluster.dbSubnetGroup()))
                .put(AuroraClusterSpec.SECURITY_GROUPS, securityGroups)
                .put(AuroraClusterSpec.BACKUP_RETENTION_DAYS, cluster.backupRetentionPeriod())
                .put(AuroraClusterSpec.PREFERRED_BACKUP_WINDOW, cluster.preferredBackupWindow())
                .put(AuroraClusterSpec.PREFERRED_MAINTENANCE_WINDOW, AuroraClusterSpec.maintenanceWindow(cluster.preferredMaintenanceWindow()))
                .put(DELETION_PROTECTION, cluster.deletionProtection())
                .put(AuroraClusterSpec.STORAGE_ENCRYPTED, cluster.storageEncrypted())
                .put(AuroraClusterSpec.MASTER_USERNAME, cluster.masterUsername())
                .put(INSTANCE_CLASS, members.instanceClass())
                .put(READERS, members.readers())
                .build();
    }

    /** Creates the cluster with its tags, then its writer and readers; the writer is the first instance created. */
    @Override
    public String create(Resource resource, DriverContext context) {
        AuroraClusterSpec spec = resource.spec(AuroraClusterSpec.class);
        RdsClient rds = context.clients().rds();
        String id = identifier(resource.name(), context);
        String subnetGroup = context.idOf(ResourceKey.of(DbSubnetGroupSpec.KIND, spec.subnetGroup()));
        rds.createDBCluster(r -> r
                .dbClusterIdentifier(id)
                .engine(spec.engine())
                .engineVersion(spec.engineVersion())
                .masterUsername(spec.masterUsername() != null ? spec.masterUsername() : defaultMasterUsername(spec.engine()))
                .manageMasterUserPassword(true)
                .dbSubnetGroupName(subnetGroup)
                .vpcSecurityGroupIds(securityGroupIds(spec, context))
                .deletionProtection(spec.deletionProtection())
                .storageEncrypted(spec.storageEncrypted())
                .backupRetentionPeriod(spec.backupRetentionDays())
                .preferredBackupWindow(spec.preferredBackupWindow())
                .preferredMaintenanceWindow(AuroraClusterSpec.maintenanceWindow(spec.preferredMaintenanceWindow()))
                .tags(RdsTags.toTags(context.tagsFor(resource))));
        ClusterMembers none = new ClusterMembers(id, List.of());
        int readers = spec.readers() == null ? 0 : spec.readers();
        apply(none.next(spec.instanceClass(), readers, true), none, id, resource, context);
        return id;
    }

    private static String defaultMasterUsername(String engine) {
        return "aurora-postgresql".equals(engine) ? "postgres" : "admin";
    }

    private static List<String> securityGroupIds(AuroraClusterSpec spec, DriverContext context) {
        return spec.securityGroups() == null ? null : spec.securityGroups().stream()
                .map(g -> context.idOf(ResourceKey.of(SecurityGroupSpec.KIND, g)))
                .toList();
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        AuroraClusterSpec spec = resource.spec(AuroraClusterSpec.class);
        RdsClient rds = context.clients().rds();
        Details details = live.details(Details.class);
        ModifyDbClusterRequest.Builder modify = ModifyDbClusterRequest.builder()
                .dbClusterIdentifier(live.awsId())
                .applyImmediately(true);
        for (FieldChange change : changes) {
            switch (change.field()) {
                case AuroraClusterSpec.ENGINE_VERSION -> modify.engineVersion(spec.engineVersion()).allowMajorVersionUpgrade(
                        EngineVersion.step(spec.engineVersion(), (String) change.before()) == EngineVersion.Step.MAJOR_UPGRADE
                                ? Boolean.TRUE : null);
                case AuroraClusterSpec.SECURITY_GROUPS -> modify.vpcSecurityGroupIds(securityGroupIds(spec, context));
                case AuroraClusterSpec.BACKUP_RETENTION_DAYS -> modify.backupRetentionPeriod(spec.backupRetentionDays());
                case AuroraClusterSpec.PREFERRED_BACKUP_WINDOW -> modify.preferredBackupWindow(spec.preferredBackupWindow());
                case AuroraClusterSpec.PREFERRED_MAINTENANCE_WINDOW -> modify.preferredMaintenanceWindow(
                        AuroraClusterSpec.maintenanceWindow(spec.preferredMaintenanceWindow()));
                case DELETION_PROTECTION -> modify.deletionProtection(spec.deletionProtection());
                case KindSpec.TAGS -> RdsTags.apply(rds, details.arn(), change);
                case INSTANCE_CLASS, READERS -> { } // instance steps, planned together below
                default -> throw new IllegalArgumentException(
                        "AuroraCluster field " + change.field() + " cannot be updated in place");
            }
        }
        boolean modifyCluster = changes.stream().anyMatch(c -> !NOT_CLUSTER_FIELDS.contains(c.field()));
        boolean instances = changes.stream().anyMatch(c -> c.field().equals(INSTANCE_CLASS) || c.field().equals(READERS));
        if (modifyCluster) {
            rds.modifyDBCluster(modify.build());
        }
        if (instances) {
            ClusterMembers members = details.members();
            List<String> ignored = resource.management().ignoreChanges();
            int readers = spec.readers() == null || ignored.contains(READERS) ? members.readers() : spec.readers();
            List<MemberStep> steps = members.next(spec.instanceClass(), readers, !ignored.contains(INSTANCE_CLASS));
            apply(steps, members, live.awsId(), resource, context);
        }
    }

    private static void apply(
            List<MemberStep> steps, ClusterMembers members, String cluster, Resource resource, DriverContext context) {
        RdsClient rds = context.clients().rds();
        AuroraClusterSpec spec = resource.spec(AuroraClusterSpec.class);
        for (MemberStep step : steps) {
            switch (step.kind()) {
                case CREATE -> rds.createDBInstance(r -> r
                        .dbInstanceIdentifier(step.instanceId())
                        .dbClusterIdentifier(cluster)
                        .engine(spec.engine())
                        .dbInstanceClass(step.instanceClass())
                        .tags(RdsTags.toTags(context.tagsFor(resource))));
                case FAILOVER -> rds.failoverDBCluster(r -> r
                        .dbClusterIdentifier(cluster)
                        .targetDBInstanceIdentifier(step.instanceId()));
                case DELETE -> deleteInstance(rds, member(members, step.instanceId()));
            }
        }
    }

    private static Member member(ClusterMembers members, String id) {
        return members.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static void deleteInstance(RdsClient rds, Member member) {
        if (!member.owned()) {
            throw new IllegalStateException("instance " + member.id()
                    + " carries no Converge ownership tags; Converge never deletes it");
        }
        NotFound.ignoring(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(member.id())));
    }

    /** Refuses when the spec or the live cluster says the cluster is protected. */
    @Override
    public String replace(Resource resource, ObservedResource live, DriverContext context) {
        if (Boolean.TRUE.equals(resource.spec(AuroraClusterSpec.class).deletionProtection())) {
            throw new IllegalStateException(PROTECTED);
        }
        return ResourceDriver.super.replace(resource, live, context);
    }

    /**
     * Deletes the instances and then the cluster, keeping a final snapshot. The live protection flag is
     * checked here rather than left to AWS, so the refusal is Converge's own and explains itself.
     */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        if (Boolean.TRUE.equals(live.properties().get(DELETION_PROTECTION))) {
            throw new IllegalStateException(PROTECTED);
        }
        RdsClient rds = context.clients().rds();
        live.details(Details.class).members().members().forEach(m -> deleteInstance(rds, m));
        String snapshot = live.awsId() + "-final-" + SNAPSHOT_TIME.format(Instant.now());
        NotFound.ignoring(() -> rds.deleteDBCluster(r -> r
                .dbClusterIdentifier(live.awsId())
                .skipFinalSnapshot(false)
                .finalDBSnapshotIdentifier(snapshot)));
    }
}
