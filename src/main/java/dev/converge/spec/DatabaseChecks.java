package dev.converge.spec;

import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The database kinds' checks: what RDS would refuse, reported before any call is made. */
final class DatabaseChecks {

    private static final int MAX_READERS = 15;
    private static final int MIN_BACKUP_DAYS = 1;
    private static final int MAX_BACKUP_DAYS = 35;
    /** Instances are named {@code <cluster>-<n>} with up to two digits, within RDS's 63 characters. */
    private static final int MAX_CLUSTER_IDENTIFIER = 60;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z](-?[a-z0-9])*");
    /** A provisioned class (db.r6g.large, db.x2iedn.24xlarge) or Aurora Serverless v2's db.serverless. */
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.serverless|db\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");
    /** Aurora MySQL versions name the MySQL line and the Aurora release; Aurora PostgreSQL's are PostgreSQL's. */
    private static final Map<String, Pattern> ENGINE_VERSIONS = Map.of(
            "aurora-mysql", Pattern.compile("\\d+\\.\\d+\\.mysql_aurora\\.\\d+\\.\\d+\\.\\d+"),
            "aurora-postgresql", Pattern.compile("\\d+(\\.\\d+)?"));
    private static final Map<String, String> VERSION_EXAMPLES = Map.of(
            "aurora-mysql", "8.0.mysql_aurora.3.05.2", "aurora-postgresql", "16.4");
    /** RDS's rules for master user names: a letter, then letters, digits or underscores; not the engine's own. */
    private static final Map<String, Integer> MAX_MASTER_USERNAME = Map.of("aurora-mysql", 16, "aurora-postgresql", 63);
    private static final Pattern MASTER_USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Map<String, Set<String>> RESERVED_USERNAMES = Map.of(
            "aurora-mysql", Set.of("rdsadmin", "rdsrepladmin"),
            "aurora-postgresql", Set.of("rdsadmin", "postgres"));
    private static final int MIN_BACKUP_WINDOW_MINUTES = 30;
    private static final int DAY = 24 * 60;
    private static final int WEEK = 7 * DAY;
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern BACKUP_WINDOW = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern MAINTENANCE_WINDOW = Pattern.compile(
            "(?i)(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d");

    private final SpecIndex index;
    private final Findings findings;

    DatabaseChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        if (spec instanceof DbSubnetGroupSpec group) {
            subnetGroup(group, declaration);
        } else if (spec instanceof AuroraClusterSpec cluster) {
            cluster(cluster, declaration);
        }
    }

    /** RDS needs subnets of one VPC in at least two zones; zones and VPCs are known from the Subnet specs. */
    private void subnetGroup(DbSubnetGroupSpec group, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        if (!findings.required(source, "/spec/" + DbSubnetGroupSpec.SUBNETS, group.subnets())) {
            return;
        }
        if (group.subnets().size() < 2) {
            findings.at(source, "/spec/" + DbSubnetGroupSpec.SUBNETS, "a DB subnet group needs at least 2 subnets, in at least 2 zones");
            return;
        }
        String env = declaration.resource().environment();
        List<SubnetSpec> subnets = group.subnets().stream()
                .map(name -> index.resource(env, ResourceKey.of(SubnetSpec.KIND, name)))
                .flatMap(Optional::stream)
                .map(d -> d.resource().spec(SubnetSpec.class))
                .toList();
        if (subnets.size() < group.subnets().size()) {
            return;
        }
        Set<String> zones = distinct(subnets.stream().map(SubnetSpec::zone).toList());
        Set<String> vpcs = distinct(subnets.stream().map(SubnetSpec::vpc).toList());
        if (vpcs.size() > 1) {
            findings.at(source, "/spec/" + DbSubnetGroupSpec.SUBNETS, "the subnets are in different VPCs (" + String.join(", ", vpcs)
                    + "); a DB subnet group's subnets share one VPC");
        } else if (zones.size() < 2) {
            findings.at(source, "/spec/" + DbSubnetGroupSpec.SUBNETS, "the subnets are all in " + String.join(", ", zones)
                    + "; a DB subnet group needs subnets in at least 2 zones");
        }
    }

    private static Set<String> distinct(List<String> values) {
        Set<String> distinct = new TreeSet<>();
        values.stream().filter(Objects::nonNull).forEach(distinct::add);
        return distinct;
    }

    private void cluster(AuroraClusterSpec cluster, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String identifier = AuroraClusterSpec.identifier(declaration.resource().environment(), declaration.resource().name());
        if (!IDENTIFIER.matcher(identifier).matches() || identifier.length() > MAX_CLUSTER_IDENTIFIER) {
            findings.at(source, "/metadata/name", "the cluster identifier '" + identifier + "' (<environment>-<name>)"
                    + " must start with a letter, have no double hyphen and be at most " + MAX_CLUSTER_IDENTIFIER + " characters");
        }
        if (findings.required(source, "/spec/" + AuroraClusterSpec.ENGINE, cluster.engine()) && !AuroraClusterSpec.ENGINES.contains(cluster.engine())) {
            findings.at(source, "/spec/" + AuroraClusterSpec.ENGINE, "'" + cluster.engine() + "' is not an Aurora engine (use "
                    + String.join(" or ", AuroraClusterSpec.ENGINES) + ")");
        }
        if (findings.required(source, "/spec/" + AuroraClusterSpec.INSTANCE_CLASS, cluster.instanceClass())
                && !INSTANCE_CLASS.matcher(cluster.instanceClass()).matches()) {
            findings.at(source, "/spec/" + AuroraClusterSpec.INSTANCE_CLASS, "'" + cluster.instanceClass() + "' is not a DB instance class (like db.r6g.large)");
        }
        findings.required(source, "/spec/" + AuroraClusterSpec.SUBNET_GROUP, cluster.subnetGroup());
        findings.range(source, "/spec/" + AuroraClusterSpec.READERS, cluster.readers(), 0, MAX_READERS);
        findings.range(source, "/spec/" + AuroraClusterSpec.BACKUP_RETENTION_DAYS, cluster.backupRetentionDays(), MIN_BACKUP_DAYS, MAX_BACKUP_DAYS);
        boolean backup = window(cluster.preferredBackupWindow(), BACKUP_WINDOW, "hh:mm-hh:mm, UTC", source,
                "/spec/" + AuroraClusterSpec.PREFERRED_BACKUP_WINDOW);
        boolean maintenance = window(cluster.preferredMaintenanceWindow(), MAINTENANCE_WINDOW, "ddd:hh:mm-ddd:hh:mm, UTC",
                source, "/spec/" + AuroraClusterSpec.PREFERRED_MAINTENANCE_WINDOW);
        if (backup) {
            windows(cluster.preferredBackupWindow(), maintenance ? cluster.preferredMaintenanceWindow() : null, source);
        }
        if (cluster.engine() != null && AuroraClusterSpec.ENGINES.contains(cluster.engine())) {
            engineVersion(cluster, source);
            masterUsername(cluster, source);
        }
    }

    private void engineVersion(AuroraClusterSpec cluster, DocumentSource source) {
        String version = cluster.engineVersion();
        if (version != null && !ENGINE_VERSIONS.get(cluster.engine()).matcher(version).matches()) {
            String other = ENGINE_VERSIONS.entrySet().stream()
                    .filter(e -> e.getValue().matcher(version).matches())
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .map(engine -> "; it is a version of " + engine)
                    .orElse("");
            findings.at(source, "/spec/" + AuroraClusterSpec.ENGINE_VERSION, "'" + version + "' is not an " + cluster.engine() + " version (like "
                    + VERSION_EXAMPLES.get(cluster.engine()) + ")" + other);
        }
    }

    private void masterUsername(AuroraClusterSpec cluster, DocumentSource source) {
        String name = cluster.masterUsername();
        if (name == null) {
            return;
        }
        int max = MAX_MASTER_USERNAME.get(cluster.engine());
        if (!MASTER_USERNAME.matcher(name).matches() || name.length() > max) {
            findings.at(source, "/spec/" + AuroraClusterSpec.MASTER_USERNAME, "'" + name + "' is not a master user name for " + cluster.engine()
                    + ": 1 to " + max + " letters, digits or underscores, starting with a letter");
        } else if (RESERVED_USERNAMES.get(cluster.engine()).contains(name.toLowerCase(Locale.ROOT))) {
            findings.at(source, "/spec/" + AuroraClusterSpec.MASTER_USERNAME, "'" + name + "' is reserved by RDS or the engine; choose another name");
        }
    }

    /**
     * RDS refuses a backup window shorter than 30 minutes or one that overlaps the maintenance window.
     *
     * @param maintenance the maintenance window if given and well-formed, else null
     */
    private void windows(String backup, String maintenance, DocumentSource source) {
        int start = minutes(backup.substring(0, 5));
        int end = minutes(backup.substring(6));
        int length = Math.floorMod(end - start, DAY);
        if (length < MIN_BACKUP_WINDOW_MINUTES) {
            findings.at(source, "/spec/" + AuroraClusterSpec.PREFERRED_BACKUP_WINDOW, "'" + backup + "' is " + length + " minutes long; RDS needs"
                    + " a backup window of at least " + MIN_BACKUP_WINDOW_MINUTES + " minutes");
            return;
        }
        if (maintenance == null) {
            return;
        }
        String[] ends = maintenance.toLowerCase(Locale.ROOT).split("-");
        int from = weekMinute(ends[0]);
        int to = weekMinute(ends[1]);
        int span = Math.floorMod(to - from, WEEK);
        for (int day = 0; day < 7; day++) {
            if (overlap(day * DAY + start, length, from, span)) {
                findings.at(source, "/spec/" + AuroraClusterSpec.PREFERRED_BACKUP_WINDOW, "'" + backup + "' overlaps the maintenance window '"
                        + maintenance + "'; RDS needs them apart");
                return;
            }
        }
    }

    /** Whether two spans of the week, each a start minute and a length, share a minute. */
    private static boolean overlap(int start, int length, int otherStart, int otherLength) {
        return Math.floorMod(otherStart - start, WEEK) < length || Math.floorMod(start - otherStart, WEEK) < otherLength;
    }

    private static int minutes(String hhmm) {
        return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3, 5));
    }

    private static int weekMinute(String dddhhmm) {
        return DAYS.indexOf(dddhhmm.substring(0, 3)) * DAY + minutes(dddhhmm.substring(4));
    }

    /** @return whether the window is given and well-formed */
    private boolean window(String window, Pattern format, String expected, DocumentSource source, String pointer) {
        if (window != null && !format.matcher(window).matches()) {
            findings.at(source, pointer, "'" + window + "' is not a window (" + expected + ")");
            return false;
        }
        return window != null;
    }
}
