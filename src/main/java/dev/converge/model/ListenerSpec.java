package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A listener of a load balancer of the spec: a port and protocol, a default action and, when declared,
 * its rules, which are then the listener's whole set of rules (one added by hand is drift). AWS knows a
 * listener by its ARN only, so Converge finds its own by their tags.
 *
 * @param certificateArn the ACM (or IAM) certificate an HTTPS listener serves; required for HTTPS
 * @param sslPolicy the security policy an HTTPS listener negotiates with; AWS's default when undeclared
 */
public record ListenerSpec(
        @SpecField(required = true) String loadBalancer,
        @SpecField(required = true, minimum = 1, maximum = 65535) Integer port,
        @SpecField(required = true, values = {"HTTP", "HTTPS"}) String protocol,
        String certificateArn,
        String sslPolicy,
        @SpecField(required = true) ActionSpec defaultAction,
        List<ForwardRule> rules,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Listener";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String LOAD_BALANCER = "loadBalancer";
    public static final String PORT = "port";
    public static final String PROTOCOL = "protocol";
    public static final String CERTIFICATE_ARN = "certificateArn";
    public static final String SSL_POLICY = "sslPolicy";
    public static final String DEFAULT_ACTION = "defaultAction";
    public static final String RULES = "rules";

    public static final List<String> PROTOCOLS = List.of("HTTP", "HTTPS");
    public static final List<String> REDIRECT_CODES = List.of("HTTP_301", "HTTP_302");

    /** Exactly one of: forward to a target group of the spec, or redirect (HTTP to HTTPS, typically). */
    public record ActionSpec(String forward, Redirect redirect) {

        /** The action as compared with AWS's; a target group by spec name, AWS's redirect defaults filled in. */
        public String canonical() {
            return forward != null ? forwardTo(forward) : redirect != null ? redirect.canonical() : null;
        }

        public static String forwardTo(String targetGroup) {
            return "forward to " + targetGroup;
        }
    }

    /**
     * A redirect of every request to the same host, path and query on another protocol or port.
     *
     * @param protocol HTTPS by default
     * @param port 443 by default
     * @param statusCode HTTP_301 (permanent, the default) or HTTP_302
     */
    public record Redirect(
            @SpecField(values = {"HTTP", "HTTPS"}) String protocol,
            @SpecField(numberAllowed = true) String port,
            @SpecField(values = {"HTTP_301", "HTTP_302"}) String statusCode) {

        public String protocolOrDefault() {
            return protocol != null ? protocol : "HTTPS";
        }

        public String portOrDefault() {
            return port != null ? port : "443";
        }

        public String statusCodeOrDefault() {
            return statusCode != null ? statusCode : REDIRECT_CODES.get(0);
        }

        public String canonical() {
            return redirectTo(protocolOrDefault(), portOrDefault(), statusCodeOrDefault());
        }

        public static String redirectTo(String protocol, String port, String statusCode) {
            return "redirect to " + protocol + ":" + port + " (" + statusCode + ")";
        }
    }

    /**
     * A rule: requests matching all of its conditions (any of the listed hosts, any of the listed paths)
     * are forwarded to a target group of the spec; lower priorities are evaluated first.
     */
    public record ForwardRule(
            @SpecField(required = true, minimum = 1, maximum = 50000) Integer priority,
            List<String> hostHeaders,
            List<String> pathPatterns,
            @SpecField(required = true) String forward) {

        public ListenerRule canonical() {
            return new ListenerRule(priority, hostHeaders, pathPatterns, forward);
        }
    }

    public ListenerSpec {
        rules = Specs.copy(rules);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (loadBalancer != null) {
            references.add(Reference.ordering(LoadBalancerSpec.KIND, loadBalancer, LOAD_BALANCER));
        }
        if (defaultAction != null && defaultAction.forward() != null) {
            references.add(Reference.ordering(TargetGroupSpec.KIND, defaultAction.forward(), DEFAULT_ACTION + ".forward"));
        }
        for (int i = 0; rules != null && i < rules.size(); i++) {
            if (rules.get(i).forward() != null) {
                references.add(Reference.ordering(TargetGroupSpec.KIND, rules.get(i).forward(), RULES + "[" + i + "].forward"));
            }
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(LOAD_BALANCER, loadBalancer)
                .put(PORT, port)
                .put(PROTOCOL, protocol)
                .put(CERTIFICATE_ARN, certificateArn)
                .put(SSL_POLICY, sslPolicy)
                .put(DEFAULT_ACTION, defaultAction == null ? null : defaultAction.canonical())
                .put(RULES, rules == null ? null : new TreeSet<>(rules.stream().map(ForwardRule::canonical).toList()))
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(LOAD_BALANCER);
    }
}
