package dev.converge.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.DriverContext;
import dev.converge.aws.Drivers;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.ec2.Ec2Tags;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.testing.Harness;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;

class AuroraIT {

    private static final String CLUSTER = "it-main";
    private static final String SMALL = "db.r6g.large";
    private static final String LARGE = "db.r6g.xlarge";
    private static final String NEWER_MINOR = "8.0.mysql_aurora.3.08.1";
    private static final String OLDER_MAJOR = "5.7.mysql_aurora.2.11.2";

    /** The cluster's instances as read back after every update the driver makes, in order. */
    private final List<Map<String, Instance>> steps = new ArrayList<>();
    private final Harness harness = new Harness(recordingEveryClusterUpdate());
    private final Environment env = Harness.environment("it", Mode.ENFORCE);

    /** One instance as moto reports it. */
    private record Instance(String instanceClass, boolean writer) {}

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void onePassFromEmpty_createsTheNetworkTheSubnetGroupAndTheClusterWithItsReaders() {
        PassReport report = harness.pass(env, spec(SMALL, 2, false));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.remaining().isEmpty()).as(report.remaining().toString()).isTrue();
        DBSubnetGroup group = rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName("it-data")).dbSubnetGroups().get(0);
        assertThat(group.dbSubnetGroupDescription()).isEqualTo("data subnets");
        assertThat(group.subnets()).extracting(Subnet::subnetIdentifier)
                .containsExactlyInAnyOrder(subnetId("data-a"), subnetId("data-b"));
        assertThat(RdsTags.read(rds(), group.dbSubnetGroupArn()))
                .containsEntry("converge:resource", "DbSubnetGroup/data").containsEntry("team", "platform");
        DBCluster cluster = cluster();
        assertThat(cluster.engine()).isEqualTo("aurora-mysql");
        assertThat(cluster.engineVersion()).isEqualTo("8.0.mysql_aurora.3.05.2");
        assertThat(cluster.dbSubnetGroup()).isEqualTo("it-data");
        assertThat(cluster.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId())
                .containsExactlyInAnyOrder(groupId("db"), groupId("db-admin"));
        assertThat(cluster.backupRetentionPeriod()).isEqualTo(7);
        assertThat(cluster.preferredBackupWindow()).isEqualTo("03:00-04:00");
        assertThat(cluster.preferredMaintenanceWindow()).isEqualTo("sun:05:00-sun:06:00");
        assertThat(cluster.deletionProtection()).isFalse();
        assertThat(cluster.storageEncrypted()).isTrue();
        assertThat(cluster.masterUsername()).isEqualTo("admin");
        assertThat(cluster.masterUserSecret().secretArn()).as("the password is managed by RDS").isNotBlank();
        assertThat(RdsTags.toMap(cluster.tagList())).containsEntry("converge:managed-by", "converge")
                .containsEntry("converge:resource", "AuroraCluster/main")
                .containsEntry("tier", "data");
        assertThat(instances()).isEqualTo(Map.of(
                "it-main-1", new Instance(SMALL, true),
                "it-main-2", new Instance(SMALL, false),
                "it-main-3", new Instance(SMALL, false)));
        assertThat(rds().describeDBInstances(r -> r.dbInstanceIdentifier("it-main-2")).dbInstances().get(0).tagList())
                .anyMatch(t -> t.key().equals("converge:resource") && t.value().equals("AuroraCluster/main"));
        String audit = report.toString().toLowerCase(Locale.ROOT);
        assertThat(audit).doesNotContain("password").doesNotContain(cluster.masterUserSecret().secretArn().toLowerCase(Locale.ROOT));
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        harness.pass(env, spec(SMALL, 2, false));
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, spec(SMALL, 2, false));

        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    @Test
    void aDeletedReader_aDetachedSecurityGroupAndARemovedTag_areUndoneByTheNextPass() {
        harness.pass(env, spec(SMALL, 2, false));
        rds().deleteDBInstance(r -> r.dbInstanceIdentifier("it-main-2"));
        rds().modifyDBCluster(r -> r.dbClusterIdentifier(CLUSTER).vpcSecurityGroupIds(groupId("db")).applyImmediately(true));
        String groupArn = rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName("it-data")).dbSubnetGroups().get(0).dbSubnetGroupArn();
        rds().removeTagsFromResource(r -> r.resourceName(groupArn).tagKeys("team"));

        PassReport report = harness.pass(env, spec(SMALL, 2, false));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(driftedFields(report)).isEqualTo(Map.of(
                "AuroraCluster/main", List.of("securityGroups", "readers"),
                "DbSubnetGroup/data", List.of("tags")));
        assertThat(report.remaining().isEmpty()).as(report.remaining().toString()).isTrue();
        assertThat(instances()).isEqualTo(Map.of(
                "it-main-1", new Instance(SMALL, true),
                "it-main-2", new Instance(SMALL, false),
                "it-main-3", new Instance(SMALL, false)));
        assertThat(cluster().vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId())
                .containsExactlyInAnyOrder(groupId("db"), groupId("db-admin"));
        assertThat(RdsTags.read(rds(), groupArn)).containsEntry("team", "platform");
    }

    @Test
    void aFailoverOutOfBand_isNotDrift() {
        harness.pass(env, spec(SMALL, 2, false));
        rds().failoverDBCluster(r -> r.dbClusterIdentifier(CLUSTER).targetDBInstanceIdentifier("it-main-3"));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, spec(SMALL, 2, false));

        assertThat(report.detected().isEmpty()).as(report.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(writer()).isEqualTo("it-main-3");
    }

    @Test
    void aMinorUpgradeAwsAppliedByItself_isNotDrift_andNothingIsSent() {
        harness.pass(env, spec(SMALL, 1, false));
        // what automatic minor version upgrades do in a maintenance window, done here out of band
        rds().modifyDBCluster(r -> r.dbClusterIdentifier(CLUSTER).engineVersion(NEWER_MINOR).applyImmediately(true));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, spec(SMALL, 1, false));

        assertThat(report.detected().isEmpty()).as(report.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(cluster().engineVersion()).isEqualTo(NEWER_MINOR);
    }

    @Test
    void aNewerDeclaredVersion_isAnUpgradeInPlace_thatThenStaysConverged() {
        harness.pass(env, spec(SMALL, 1, false));

        PassReport upgrade = harness.pass(env, withEngineVersion(spec(SMALL, 1, false), NEWER_MINOR));

        assertThat(driftedFields(upgrade)).isEqualTo(Map.of("AuroraCluster/main", List.of("engineVersion")));
        assertThat(upgrade.remaining().isEmpty()).as(upgrade.toString()).isTrue();
        assertThat(cluster().engineVersion()).isEqualTo(NEWER_MINOR);
        assertThat(instances()).hasSize(2);
        long mutationsAfter = harness.mutatingCalls();
        assertThat(harness.pass(env, withEngineVersion(spec(SMALL, 1, false), NEWER_MINOR)).detected().isEmpty()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfter);
    }

    @Test
    void aMajorUpgrade_fromAuroraMysql2To3_isDoneInPlace() {
        harness.pass(env, withEngineVersion(spec(SMALL, 1, false), OLDER_MAJOR));
        assertThat(cluster().engineVersion()).isEqualTo(OLDER_MAJOR);
        String resourceId = cluster().dbClusterResourceId();

        PassReport upgrade = harness.pass(env, spec(SMALL, 1, false));

        assertThat(upgrade.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.change().action()).isEqualTo(Action.UPDATE);
            assertThat(o.result()).isEqualTo(Outcome.Result.SUCCESS);
        });
        assertThat(cluster().engineVersion()).isEqualTo("8.0.mysql_aurora.3.05.2");
        assertThat(cluster().dbClusterResourceId()).as("the same cluster, not a replacement").isEqualTo(resourceId);
        assertThat(instances()).hasSize(2);
    }

    @Test
    void anOlderMajorDeclared_isReportedAsABlockedUpdate_andNeverSent() {
        harness.pass(env, spec(SMALL, 1, false));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, withEngineVersion(spec(SMALL, 1, false), OLDER_MAJOR));

        assertThat(report.outcomes()).isEmpty();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(report.remaining().changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE_BLOCKED);
            assertThat(fieldNames(c)).containsExactly("engineVersion");
            assertThat(c.note()).contains(OLDER_MAJOR, "8.0.mysql_aurora.3.05.2", "never asks");
        });
        assertThat(cluster().engineVersion()).isEqualTo("8.0.mysql_aurora.3.05.2");
    }

    @Test
    void readersUpThenDown_addsReaders_andRemovesTheNewestReaders_neverTheWriter() {
        harness.pass(env, spec(SMALL, 2, false));
        rds().failoverDBCluster(r -> r.dbClusterIdentifier(CLUSTER).targetDBInstanceIdentifier("it-main-3"));

        PassReport up = harness.pass(env, spec(SMALL, 3, false));

        assertThat(up.remaining().isEmpty()).as(up.toString()).isTrue();
        assertThat(instances()).isEqualTo(Map.of(
                "it-main-1", new Instance(SMALL, false),
                "it-main-2", new Instance(SMALL, false),
                "it-main-3", new Instance(SMALL, true),
                "it-main-4", new Instance(SMALL, false)));

        PassReport down = harness.pass(env, spec(SMALL, 1, false));

        assertThat(down.remaining().isEmpty()).as(down.toString()).isTrue();
        assertThat(instances()).isEqualTo(Map.of(
                "it-main-1", new Instance(SMALL, false),
                "it-main-3", new Instance(SMALL, true)));
    }

    @Test
    void anInstanceClassChange_addsAReaderOfTheNewClass_failsOverToIt_thenReplacesTheRest_withoutDeletingTheWriter() {
        harness.pass(env, spec(SMALL, 2, false));
        steps.clear();

        List<PassReport> passes = new ArrayList<>();
        for (int i = 0; i < 4 && (passes.isEmpty() || !passes.get(passes.size() - 1).remaining().isEmpty()); i++) {
            passes.add(harness.pass(env, spec(LARGE, 2, false)));
        }

        assertThat(passes).allMatch(PassReport::success, "every pass succeeds");
        assertThat(passes.get(passes.size() - 1).remaining().isEmpty()).as(steps.toString()).isTrue();
        assertThat(passes.size()).as("a rolling change takes more than one pass").isGreaterThan(1);
        assertThat(passes.get(0).remaining().changes()).singleElement()
                .satisfies(c -> assertThat(fieldNames(c)).contains("instanceClass"));
        assertThat(steps.get(0)).as("first a reader of the new class")
                .containsEntry("it-main-1", new Instance(SMALL, true))
                .containsEntry("it-main-4", new Instance(LARGE, false))
                .hasSize(4);
        assertThat(steps.get(1)).as("then a failover to it")
                .containsEntry("it-main-1", new Instance(SMALL, false))
                .containsEntry("it-main-4", new Instance(LARGE, true));
        for (int i = 1; i < steps.size(); i++) {
            Map<String, Instance> before = steps.get(i - 1);
            Map<String, Instance> after = steps.get(i);
            Set<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).collect(Collectors.toSet());
            assertThat(removed).as("step %d removes at most one instance, never the writer: %s", i, steps)
                    .hasSizeLessThanOrEqualTo(1)
                    .allMatch(id -> !before.get(id).writer());
            assertThat(after.values()).as("step %d keeps a writer", i).anyMatch(Instance::writer);
        }
        assertThat(instances().values()).hasSize(3)
                .allMatch(instance -> instance.instanceClass().equals(LARGE))
                .filteredOn(Instance::writer).hasSize(1);
    }

    @Test
    void aProtectedCluster_removedFromTheSpecWithPruneOn_isRefusedAndStays() {
        harness.pass(env, spec(SMALL, 2, true));
        assertThat(cluster().deletionProtection()).isTrue();
        Environment pruning = new Environment("it", "us-east-1", null, null, Mode.ENFORCE, true, env.tags());
        List<Resource> withoutCluster = spec(SMALL, 2, true).stream()
                .filter(r -> !r.kind().equals(AuroraClusterSpec.KIND))
                .toList();

        PassReport report = harness.pass(pruning, withoutCluster);

        assertThat(report.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.change().action()).isEqualTo(Action.DELETE);
            assertThat(outcome.result()).isEqualTo(Outcome.Result.ERROR);
            assertThat(outcome.error()).isEqualTo("deletion protection is on; Converge never deletes a protected cluster");
        });
        assertThat(cluster().deletionProtection()).isTrue();
        assertThat(instances()).hasSize(3);
        assertThat(harness.metric("converge.changes", "kind", "AuroraCluster", "action", "delete", "result", "error"))
                .isEqualTo(1);
    }

    @Test
    void anUnprotectedCluster_removedFromTheSpecWithPruneOn_isDeletedWithItsInstances_keepingAFinalSnapshot() {
        harness.pass(env, spec(SMALL, 1, false));
        Environment pruning = new Environment("it", "us-east-1", null, null, Mode.ENFORCE, true, env.tags());
        List<Resource> withoutCluster = spec(SMALL, 1, false).stream()
                .filter(r -> !r.kind().equals(AuroraClusterSpec.KIND))
                .toList();

        PassReport report = harness.pass(pruning, withoutCluster);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(rds().describeDBClusters().dbClusters()).isEmpty();
        assertThat(rds().describeDBInstances().dbInstances()).isEmpty();
        assertThat(rds().describeDBClusterSnapshots(r -> r.dbClusterIdentifier(CLUSTER).snapshotType("manual")).dbClusterSnapshots())
                .singleElement()
                .satisfies(s -> assertThat(s.dbClusterSnapshotIdentifier()).startsWith("it-main-final-"));
    }

    @Test
    void aCreateThatDiedAfterItsFirstInstance_isFinishedByTheNextPass_withTheNamesTheCreateWouldHaveUsed() {
        harness.pass(env, spec(SMALL, 2, false));
        rds().deleteDBInstance(r -> r.dbInstanceIdentifier("it-main-3"));
        rds().deleteDBInstance(r -> r.dbInstanceIdentifier("it-main-2"));

        PassReport report = harness.pass(env, spec(SMALL, 2, false));

        assertThat(report.remaining().isEmpty()).as(report.toString()).isTrue();
        assertThat(instances()).isEqualTo(Map.of(
                "it-main-1", new Instance(SMALL, true),
                "it-main-2", new Instance(SMALL, false),
                "it-main-3", new Instance(SMALL, false)));
    }

    @Test
    void aClusterWithTheDeclaredIdentifierButWithoutOwnershipTags_isAConflict_andNeverTouched() {
        rds().createDBCluster(r -> r.dbClusterIdentifier(CLUSTER).engine("aurora-mysql").masterUsername("someone")
                .manageMasterUserPassword(true).deletionProtection(false).tags(t -> t.key("Name").value("main")));
        rds().createDBInstance(r -> r.dbInstanceIdentifier("hand-made").dbClusterIdentifier(CLUSTER)
                .engine("aurora-mysql").dbInstanceClass(LARGE));

        PassReport report = harness.pass(env, spec(SMALL, 2, false));

        assertThat(report.remaining().changes()).filteredOn(c -> c.kind().equals(AuroraClusterSpec.KIND)).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(Action.CONFLICT));
        assertThat(cluster().masterUsername()).isEqualTo("someone");
        assertThat(instances()).isEqualTo(Map.of("hand-made", new Instance(LARGE, true)));
    }

    @Test
    void aSubnetGroupWithTheDeclaredNameButWithoutOwnershipTags_isAConflict_andNoClusterIsPlacedInIt() {
        harness.pass(env, spec(SMALL, 1, false).subList(0, 5));
        rds().createDBSubnetGroup(r -> r.dbSubnetGroupName("it-data").dbSubnetGroupDescription("hand-made")
                .subnetIds(subnetId("data-a"), subnetId("data-b")));

        PassReport report = harness.pass(env, spec(SMALL, 1, false));

        assertThat(report.remaining().changes()).filteredOn(c -> c.kind().equals(DbSubnetGroupSpec.KIND)).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(Action.CONFLICT));
        assertThat(report.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.change().key()).isEqualTo(ResourceKey.of(AuroraClusterSpec.KIND, "main"));
            assertThat(outcome.result()).as("waiting on the conflict, not a failure of its own").isEqualTo(Outcome.Result.SKIPPED);
            assertThat(outcome.error()).isEqualTo("waiting on DbSubnetGroup/data, whose identity is in conflict");
        });
        assertThat(rds().describeDBClusters().dbClusters()).isEmpty();
        assertThat(rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName("it-data")).dbSubnetGroups().get(0)
                .dbSubnetGroupDescription()).isEqualTo("hand-made");
    }

    @Test
    void aReplacementOfAClusterTheSpecProtects_isRefused_evenWhenTheLiveFlagIsOff() {
        harness.pass(env, spec(SMALL, 1, false));
        Resource postgres = replaceable(spec(SMALL, 1, true).get(6), "aurora-postgresql");
        List<Resource> resources = new ArrayList<>(spec(SMALL, 1, true).subList(0, 6));
        resources.add(postgres);

        PassReport report = harness.pass(env, resources);

        assertThat(report.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.change().action()).isEqualTo(Action.REPLACE);
            assertThat(outcome.error()).isEqualTo("deletion protection is on; Converge never deletes a protected cluster");
        });
        assertThat(cluster().engine()).isEqualTo("aurora-mysql");
        assertThat(instances()).hasSize(2);
    }

    @Test
    void observeMode_reportsTheMissingReader_andChangesNothing() {
        harness.pass(env, spec(SMALL, 2, false));
        rds().deleteDBInstance(r -> r.dbInstanceIdentifier("it-main-3"));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(Harness.environment("it", Mode.OBSERVE), spec(SMALL, 2, false));

        assertThat(driftedFields(report)).isEqualTo(Map.of("AuroraCluster/main", List.of("readers")));
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(instances()).containsOnlyKeys("it-main-1", "it-main-2");
    }

    /** The network, a db security group and an admin one, the subnet group and the cluster. */
    private static List<Resource> spec(String instanceClass, int readers, boolean protectedCluster) {
        List<RuleSpec> mysql = List.of(new RuleSpec("tcp", "3306", new PeerSpec("10.40.0.0/16", null, null), null, null, null));
        return List.of(
                resource(VpcSpec.KIND, "main", new VpcSpec("10.40.0.0/16", null, null, null, Map.of(), Management.DEFAULT)),
                resource(SubnetSpec.KIND, "data-a", new SubnetSpec("main", "us-east-1a", "10.40.1.0/24", false, Map.of(), null)),
                resource(SubnetSpec.KIND, "data-b", new SubnetSpec("main", "us-east-1b", "10.40.2.0/24", false, Map.of(), null)),
                resource(SecurityGroupSpec.KIND, "db", new SecurityGroupSpec("main", null, mysql, null, Map.of(), null)),
                resource(SecurityGroupSpec.KIND, "db-admin", new SecurityGroupSpec("main", null, List.of(), null, Map.of(), null)),
                resource(DbSubnetGroupSpec.KIND, "data",
                        new DbSubnetGroupSpec("data subnets", List.of("data-a", "data-b"), Map.of(), null)),
                resource(AuroraClusterSpec.KIND, "main", new AuroraClusterSpec(
                        "aurora-mysql", "8.0.mysql_aurora.3.05.2", "data", List.of("db", "db-admin"), 7, "03:00-04:00",
                        "Sun:05:00-Sun:06:00", protectedCluster, true, "admin", instanceClass, readers,
                        Map.of("tier", "data"), null)));
    }

    /** The spec with the cluster declaring another engine version. */
    private static List<Resource> withEngineVersion(List<Resource> resources, String version) {
        return resources.stream().map(r -> {
            if (!r.kind().equals(AuroraClusterSpec.KIND)) {
                return r;
            }
            AuroraClusterSpec s = r.spec(AuroraClusterSpec.class);
            return resource(AuroraClusterSpec.KIND, r.name(), new AuroraClusterSpec(s.engine(), version, s.subnetGroup(),
                    s.securityGroups(), s.backupRetentionDays(), s.preferredBackupWindow(), s.preferredMaintenanceWindow(),
                    s.deletionProtection(), s.storageEncrypted(), s.masterUsername(), s.instanceClass(), s.readers(), s.tags(),
                    s.management()));
        }).toList();
    }

    /** The cluster with another engine, which only a replacement can change, and replacement allowed. */
    private static Resource replaceable(Resource cluster, String engine) {
        AuroraClusterSpec s = cluster.spec(AuroraClusterSpec.class);
        return resource(AuroraClusterSpec.KIND, cluster.name(), new AuroraClusterSpec(engine, s.engineVersion(), s.subnetGroup(),
                s.securityGroups(), s.backupRetentionDays(), s.preferredBackupWindow(), s.preferredMaintenanceWindow(),
                s.deletionProtection(), s.storageEncrypted(), s.masterUsername(), s.instanceClass(), s.readers(), s.tags(),
                new Management(null, true, List.of())));
    }

    private static Resource resource(String kind, String name, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "it", Map.of(), spec);
    }

    /**
     * Every driver as the service runs them, with the cluster driver reading the cluster's instances back
     * after each update it makes, so a test can follow a change that spans several steps.
     */
    private List<ResourceDriver> recordingEveryClusterUpdate() {
        AuroraClusterDriver clusters = new AuroraClusterDriver();
        ResourceDriver recording = new ResourceDriver() {
            @Override
            public String kind() {
                return clusters.kind();
            }

            @Override
            public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
                return clusters.observe(declared, context);
            }

            @Override
            public String create(Resource resource, DriverContext context) {
                return clusters.create(resource, context);
            }

            @Override
            public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
                clusters.update(resource, live, changes, context);
                steps.add(instancesOf(context.clients().rds()));
            }

            @Override
            public void delete(ObservedResource live, DriverContext context) {
                clusters.delete(live, context);
            }

            @Override
            public String replace(Resource resource, ObservedResource live, DriverContext context) {
                return clusters.replace(resource, live, context);
            }
        };
        return Drivers.all().stream().map(d -> d.kind().equals(AuroraClusterSpec.KIND) ? recording : d).toList();
    }

    private static Map<String, List<String>> driftedFields(PassReport report) {
        return report.detected().changes().stream().collect(Collectors.toMap(c -> c.key().toString(), AuroraIT::fieldNames));
    }

    private static List<String> fieldNames(Change change) {
        return change.fields().stream().map(FieldChange::field).toList();
    }

    private RdsClient rds() {
        return harness.aws(env).rds();
    }

    private DBCluster cluster() {
        return rds().describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().get(0);
    }

    private String writer() {
        return cluster().dbClusterMembers().stream().filter(DBClusterMember::isClusterWriter).findFirst().orElseThrow()
                .dbInstanceIdentifier();
    }

    private Map<String, Instance> instances() {
        return instancesOf(rds());
    }

    private static Map<String, Instance> instancesOf(RdsClient rds) {
        DBCluster cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().get(0);
        Set<String> writers = cluster.dbClusterMembers().stream()
                .filter(DBClusterMember::isClusterWriter)
                .map(DBClusterMember::dbInstanceIdentifier)
                .collect(Collectors.toSet());
        Map<String, Instance> instances = new TreeMap<>();
        rds.describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values(CLUSTER))).dbInstances()
                .forEach(i -> instances.put(i.dbInstanceIdentifier(),
                        new Instance(i.dbInstanceClass(), writers.contains(i.dbInstanceIdentifier()))));
        return instances;
    }

    private String subnetId(String name) {
        return harness.aws(env).ec2().describeSubnets(r -> r.filters(resourceTag(SubnetSpec.KIND, name))).subnets().get(0).subnetId();
    }

    private String groupId(String name) {
        return harness.aws(env).ec2().describeSecurityGroups(r -> r.filters(resourceTag(SecurityGroupSpec.KIND, name)))
                .securityGroups().stream()
                .filter(g -> Ec2Tags.toMap(g.tags()).get("converge:managed-by") != null)
                .findFirst().orElseThrow().groupId();
    }

    private static Filter resourceTag(String kind, String name) {
        return Filter.builder().name("tag:converge:resource").values(kind + "/" + name).build();
    }
}
