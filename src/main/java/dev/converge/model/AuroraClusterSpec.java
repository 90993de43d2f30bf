package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An Aurora cluster: one writer instance and {@code readers} read replicas, all of {@code instanceClass}.
 * There is deliberately no password field: the master password is always managed by RDS in Secrets
 * Manager, so no secret ever passes through a spec, a plan or a log.
 *
 * @param backupRetentionDays days automated backups are kept (1 to 35)
 * @param preferredMaintenanceWindow {@code ddd:hh24:mi-ddd:hh24:mi}, compared case-insensitively as AWS does
 */
public record AuroraClusterSpec(
        @SpecField(required = true, values = {"aurora-mysql", "aurora-postgresql"}) String engine,
        String engineVersion,
        @SpecField(required = true) String subnetGroup,
        List<String> securityGroups,
        Integer backupRetentionDays,
        String preferredBackupWindow,
        String preferredMaintenanceWindow,
        Boolean deletionProtection,
        Boolean storageEncrypted,
        String masterUsername,
        @SpecField(required = true) String instanceClass,
        Integer readers,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "AuroraCluster";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String ENGINE = "engine";
    public static final String ENGINE_VERSION = "engineVersion";
    public static final String SUBNET_GROUP = "subnetGroup";
    public static final String SECURITY_GROUPS = "securityGroups";
    public static final String BACKUP_RETENTION_DAYS = "backupRetentionDays";
    public static final String PREFERRED_BACKUP_WINDOW = "preferredBackupWindow";
    public static final String PREFERRED_MAINTENANCE_WINDOW = "preferredMaintenanceWindow";
    public static final String DELETION_PROTECTION = "deletionProtection";
    public static final String STORAGE_ENCRYPTED = "storageEncrypted";
    public static final String MASTER_USERNAME = "masterUsername";
    public static final String INSTANCE_CLASS = "instanceClass";
    public static final String READERS = "readers";
    public static final List<String> ENGINES = List.of("aurora-mysql", "aurora-postgresql");

    public AuroraClusterSpec {
        securityGroups = Specs.copy(securityGroups);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** The cluster's AWS identifier; its instances are named {@code <identifier>-<n>}. */
    public static String identifier(String environment, String name) {
        return environment + "-" + name;
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (subnetGroup != null) {
            references.add(Reference.ordering(DbSubnetGroupSpec.KIND, subnetGroup, SUBNET_GROUP));
        }
        Specs.addOrdering(references, SecurityGroupSpec.KIND, securityGroups, SECURITY_GROUPS);
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(ENGINE, engine)
                .put(ENGINE_VERSION, engineVersion)
                .put(SUBNET_GROUP, subnetGroup)
                .put(SECURITY_GROUPS, securityGroups == null ? null : new TreeSet<>(securityGroups))
                .put(BACKUP_RETENTION_DAYS, backupRetentionDays)
                .put(PREFERRED_BACKUP_WINDOW, preferredBackupWindow)
                .put(PREFERRED_MAINTENANCE_WINDOW, maintenanceWindow(preferredMaintenanceWindow))
                .put(DELETION_PROTECTION, deletionProtection)
                .put(STORAGE_ENCRYPTED, storageEncrypted)
                .put(MASTER_USERNAME, masterUsername)
                .put(INSTANCE_CLASS, instanceClass)
                .put(READERS, readers)
                .build();
    }

    /** AWS reports maintenance windows in lower case whatever case they were set in. */
    public static String maintenanceWindow(String window) {
        return window == null ? null : window.toLowerCase(Locale.ROOT);
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(ENGINE, SUBNET_GROUP, STORAGE_ENCRYPTED, MASTER_USERNAME);
    }
}
