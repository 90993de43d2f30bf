package dev.converge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target group of instances in one VPC, which Auto Scaling groups register their instances with and
 * listeners forward to. Its health check is what {@code healthCheckType: ELB} makes a fleet replace
 * instances by. Only the declared health check settings and attributes are enforced; the attributes are
 * read only when declared.
 *
 * @param deregistrationDelay seconds a deregistering target keeps its connections, 0 to 3600
 * @param stickiness load-balancer-generated cookie stickiness
 */
public record TargetGroupSpec(
        @SpecField(required = true) String vpc,
        @SpecField(required = true, values = {"HTTP", "HTTPS"}) String protocol,
        @SpecField(required = true, minimum = 1, maximum = 65535) Integer port,
        @SpecField(values = {"instance"}) String targetType,
        HealthCheck healthCheck,
        @SpecField(minimum = 0, maximum = 3600) Integer deregistrationDelay,
        Stickiness stickiness,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "TargetGroup";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String VPC = "vpc";
    public static final String PROTOCOL = "protocol";
    public static final String PORT = "port";
    public static final String TARGET_TYPE = "targetType";
    public static final String HEALTH_CHECK = "healthCheck";
    public static final String DEREGISTRATION_DELAY = "deregistrationDelay";
    public static final String STICKINESS = "stickiness";

    public static final List<String> PROTOCOLS = List.of("HTTP", "HTTPS");

    /**
     * What the load balancer probes; each setting is enforced only when declared.
     *
     * @param path the HTTP path probed, like {@code /health}
     * @param interval seconds between probes, 5 to 300
     * @param timeout seconds without an answer that fail a probe, 2 to 120
     * @param healthyThreshold probes in a row that make a target healthy, 2 to 10
     * @param unhealthyThreshold probes in a row that make it unhealthy, 2 to 10
     * @param matcher the HTTP codes of a healthy answer: {@code 200}, {@code 200,204} or {@code 200-299}
     */
    public record HealthCheck(
            String path,
            @SpecField(minimum = 5, maximum = 300) Integer interval,
            @SpecField(minimum = 2, maximum = 120) Integer timeout,
            @SpecField(minimum = 2, maximum = 10) Integer healthyThreshold,
            @SpecField(minimum = 2, maximum = 10) Integer unhealthyThreshold,
            @SpecField(numberAllowed = true) String matcher) {

        /** The declared settings by their spec names, as compared with what AWS reports. */
        public Map<String, Object> declared() {
            return new Fields()
                    .put("path", path)
                    .put("interval", interval)
                    .put("timeout", timeout)
                    .put("healthyThreshold", healthyThreshold)
                    .put("unhealthyThreshold", unhealthyThreshold)
                    .put("matcher", matcher)
                    .build();
        }
    }

    /** @param duration seconds the cookie keeps a client on one target, 1 to 604800 (AWS's default is a day) */
    public record Stickiness(@SpecField(required = true) Boolean enabled, @SpecField(minimum = 1, maximum = 604800) Integer duration) {

        public Map<String, Object> declared() {
            return new Fields().put("enabled", enabled).put("duration", duration).build();
        }
    }

    public TargetGroupSpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** Whether the spec declares any attribute, the only case in which a pass reads them. */
    public boolean declaresAttributes() {
        return deregistrationDelay != null || stickiness != null;
    }

    @Override
    public List<Reference> references() {
        return vpc == null ? List.of() : List.of(Reference.ordering(VpcSpec.KIND, vpc, VPC));
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(VPC, vpc)
                .put(PROTOCOL, protocol)
                .put(PORT, port)
                .put(TARGET_TYPE, targetType)
                .put(HEALTH_CHECK, healthCheck == null ? null : healthCheck.declared())
                .put(DEREGISTRATION_DELAY, deregistrationDelay)
                .put(STICKINESS, stickiness == null ? null : stickiness.declared())
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(VPC, PROTOCOL, PORT, TARGET_TYPE);
    }
}
