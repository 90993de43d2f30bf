package dev.converge.spec;

import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import java.util.List;
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
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9-]+\\.[a-z0-9]+");
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
        if (!findings.required(source, "/spec/subnets", group.subnets())) {
            return;
        }
        if (group.subnets().size() < 2) {
            findings.at(source, "/spec/subnets", "a DB subnet group needs at least 2 subnets, in at least 2 zones");
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
            findings.at(source, "/spec/subnets", "the subnets are in different VPCs (" + String.join(", ", vpcs)
                    + "); a DB subnet group's subnets share one VPC");
        } else if (zones.size() < 2) {
            findings.at(source, "/spec/subnets", "the subnets are all in " + String.join(", ", zones)
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
        if (findings.required(source, "/spec/engine", cluster.engine()) && !AuroraClusterSpec.ENGINES.contains(cluster.engine())) {
            findings.at(source, "/spec/engine", "'" + cluster.engine() + "' is not an Aurora engine (use "
                    + String.join(" or ", AuroraClusterSpec.ENGINES) + ")");
        }
        if (findings.required(source, "/spec/instanceClass", cluster.instanceClass())
                && !INSTANCE_CLASS.matcher(cluster.instanceClass()).matches()) {
            findings.at(source, "/spec/instanceClass", "'" + cluster.instanceClass() + "' is not a DB instance class (like db.r6g.large)");
        }
        findings.required(source, "/spec/subnetGroup", cluster.subnetGroup());
        within(cluster.readers(), 0, MAX_READERS, source, "/spec/readers");
        within(cluster.backupRetentionDays(), MIN_BACKUP_DAYS, MAX_BACKUP_DAYS, source, "/spec/backupRetentionDays");
        window(cluster.preferredBackupWindow(), BACKUP_WINDOW, "hh:mm-hh:mm, UTC", source, "/spec/preferredBackupWindow");
        window(cluster.preferredMaintenanceWindow(), MAINTENANCE_WINDOW, "ddd:hh:mm-ddd:hh:mm, UTC", source,
                "/spec/preferredMaintenanceWindow");
    }

    private void within(Integer value, int min, int max, DocumentSource source, String pointer) {
        if (value != null && (value < min || value > max)) {
            findings.at(source, pointer, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    private void window(String window, Pattern format, String expected, DocumentSource source, String pointer) {
        if (window != null && !format.matcher(window).matches()) {
            findings.at(source, pointer, "'" + window + "' is not a window (" + expected + ")");
        }
    }
}
