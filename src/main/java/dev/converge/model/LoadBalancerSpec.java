package dev.converge.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An Application Load Balancer in subnets of one VPC, behind security groups of the spec. Its attributes
 * (idle timeout, deletion protection, access logs) are enforced only when declared, and only then read.
 *
 * @param scheme {@code internet-facing} (AWS's default) or {@code internal}; AWS cannot change it in place
 * @param idleTimeout seconds a connection may sit idle, 1 to 4000 (AWS's default is 60)
 * @param deletionProtection while on, AWS refuses to delete the load balancer and Converge never tries
 * @param accessLogs where the load balancer writes its access logs: a bucket of the spec, by name
 */
public record LoadBalancerSpec(
        @SpecField(values = {"internet-facing", "internal"}) String scheme,
        @SpecField(required = true) List<String> subnets,
        List<String> securityGroups,
        @SpecField(minimum = 1, maximum = 4000) Integer idleTimeout,
        Boolean deletionProtection,
        AccessLogs accessLogs,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "LoadBalancer";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String SCHEME = "scheme";
    public static final String SUBNETS = "subnets";
    public static final String SECURITY_GROUPS = "securityGroups";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String DELETION_PROTECTION = "deletionProtection";
    public static final String ACCESS_LOGS = "accessLogs";

    public static final List<String> SCHEMES = List.of("internet-facing", "internal");

    /** The keys of the {@code accessLogs} field as compared: the bucket by spec name and the key prefix. */
    public static final List<String> ACCESS_LOG_KEYS = List.of("bucket", "prefix");

    /**
     * @param bucket the name of a {@code Bucket} of the spec; its policy must let the region's load
     *     balancing account write to it, or AWS refuses the setting
     * @param prefix the key prefix of the log objects; none by default
     */
    public record AccessLogs(@SpecField(required = true) String bucket, String prefix) {}

    public LoadBalancerSpec {
        subnets = Specs.copy(subnets);
        securityGroups = Specs.copy(securityGroups);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** Whether the spec declares any attribute, the only case in which a pass reads them. */
    public boolean declaresAttributes() {
        return idleTimeout != null || deletionProtection != null || accessLogs != null;
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        Specs.addOrdering(references, SubnetSpec.KIND, subnets, SUBNETS);
        Specs.addOrdering(references, SecurityGroupSpec.KIND, securityGroups, SECURITY_GROUPS);
        if (accessLogs != null && accessLogs.bucket() != null) {
            references.add(Reference.ordering(BucketSpec.KIND, accessLogs.bucket(), ACCESS_LOGS + ".bucket"));
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(SCHEME, scheme)
                .put(SUBNETS, subnets == null ? null : new TreeSet<>(subnets))
                .put(SECURITY_GROUPS, securityGroups == null ? null : new TreeSet<>(securityGroups))
                .put(IDLE_TIMEOUT, idleTimeout)
                .put(DELETION_PROTECTION, deletionProtection)
                .put(ACCESS_LOGS, accessLogs == null ? null : accessLogs(accessLogs.bucket(), accessLogs.prefix()))
                .build();
    }

    /** The {@code accessLogs} field as compared; no prefix is the empty one, as AWS reports it. */
    public static Map<String, String> accessLogs(String bucket, String prefix) {
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put(ACCESS_LOG_KEYS.get(0), bucket);
        logs.put(ACCESS_LOG_KEYS.get(1), prefix == null ? "" : prefix);
        return logs;
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(SCHEME);
    }
}
