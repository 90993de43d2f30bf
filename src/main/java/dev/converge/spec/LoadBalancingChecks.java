package dev.converge.spec;

import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.ListenerSpec;
import dev.converge.model.ListenerSpec.ActionSpec;
import dev.converge.model.ListenerSpec.Redirect;
import dev.converge.model.ListenerSpec.ForwardRule;
import dev.converge.model.LoadBalancerSpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.TargetGroupSpec;
import dev.converge.model.TargetGroupSpec.HealthCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The load balancing kinds' checks: what ELBv2 requires of a load balancer, a target group and a
 * listener, and that the pieces fit together (one VPC, two zones, a certificate for HTTPS).
 */
final class LoadBalancingChecks {

    /** ELBv2 names: at most 32 letters, digits and hyphens. Converge names them {@code <environment>-<name>}. */
    private static final int MAX_NAME = 32;
    private static final Pattern CERTIFICATE = Pattern.compile(
            "arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}|arn:aws[a-z-]*:iam::\\d{12}:server-certificate/\\S+");
    private static final Pattern HTTP_CODES = Pattern.compile("\\d{3}(-\\d{3}|(,\\d{3})*)");
    private static final Pattern PORT = Pattern.compile("#\\{port}|\\d{1,5}");

    private final SpecIndex index;
    private final Findings findings;

    LoadBalancingChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        if (spec instanceof LoadBalancerSpec balancer) {
            name(declaration);
            loadBalancer(balancer, declaration);
        } else if (spec instanceof TargetGroupSpec group) {
            name(declaration);
            targetGroup(group, declaration.source());
        } else if (spec instanceof ListenerSpec listener) {
            listener(listener, declaration);
        } else if (spec instanceof AutoScalingGroupSpec group) {
            fleet(group, declaration);
        }
    }

    private void name(Declaration.OfResource declaration) {
        String name = declaration.resource().environment() + "-" + declaration.resource().name();
        if (name.length() > MAX_NAME) {
            findings.at(declaration.source(), "/metadata/name", "the AWS name '" + name + "' (<environment>-<name>) is "
                    + name.length() + " characters long; ELBv2 allows at most " + MAX_NAME);
        }
    }

    private void loadBalancer(LoadBalancerSpec balancer, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        oneOf(source, "/spec/" + LoadBalancerSpec.SCHEME, balancer.scheme(), LoadBalancerSpec.SCHEMES);
        findings.range(source, "/spec/" + LoadBalancerSpec.IDLE_TIMEOUT, balancer.idleTimeout(), 1, 4000);
        if (balancer.accessLogs() != null) {
            findings.required(source, "/spec/" + LoadBalancerSpec.ACCESS_LOGS + "/bucket", balancer.accessLogs().bucket());
        }
        if (!findings.required(source, "/spec/" + LoadBalancerSpec.SUBNETS, balancer.subnets())) {
            return;
        }
        Map<String, String> vpcs = new HashMap<>();
        Set<String> zones = new TreeSet<>();
        for (int i = 0; i < balancer.subnets().size(); i++) {
            Optional<SubnetSpec> subnet = subnet(env, balancer.subnets().get(i));
            if (subnet.isEmpty() || subnet.get().vpc() == null || subnet.get().zone() == null) {
                return;
            }
            vpcs.putIfAbsent(subnet.get().vpc(), balancer.subnets().get(i));
            if (vpcs.size() > 1) {
                findings.at(source, "/spec/" + LoadBalancerSpec.SUBNETS + "/" + i, "Subnet '" + balancer.subnets().get(i)
                        + "' is in Vpc '" + subnet.get().vpc() + "', but the load balancer's first subnet is in another VPC");
                return;
            }
            zones.add(subnet.get().zone());
        }
        if (zones.size() < 2) {
            findings.at(source, "/spec/" + LoadBalancerSpec.SUBNETS, (zones.isEmpty() ? "no subnets" : "the subnets are all in "
                    + String.join(", ", zones)) + "; an Application Load Balancer needs subnets in at least 2 zones");
            return;
        }
        String vpc = vpcs.keySet().iterator().next();
        List<String> groups = balancer.securityGroups() == null ? List.of() : balancer.securityGroups();
        for (int i = 0; i < groups.size(); i++) {
            String groupVpc = index.resource(env, ResourceKey.of(SecurityGroupSpec.KIND, groups.get(i)))
                    .map(d -> d.resource().spec(SecurityGroupSpec.class).vpc())
                    .orElse(vpc);
            if (!groupVpc.equals(vpc)) {
                findings.at(source, "/spec/" + LoadBalancerSpec.SECURITY_GROUPS + "/" + i, "SecurityGroup '" + groups.get(i)
                        + "' is in Vpc '" + groupVpc + "', but the load balancer's subnets are in Vpc '" + vpc + "'");
            }
        }
    }

    private void targetGroup(TargetGroupSpec group, DocumentSource source) {
        findings.required(source, "/spec/" + TargetGroupSpec.VPC, group.vpc());
        if (findings.required(source, "/spec/" + TargetGroupSpec.PROTOCOL, group.protocol())) {
            oneOf(source, "/spec/" + TargetGroupSpec.PROTOCOL, group.protocol(), TargetGroupSpec.PROTOCOLS);
        }
        if (findings.required(source, "/spec/" + TargetGroupSpec.PORT, group.port())) {
            findings.range(source, "/spec/" + TargetGroupSpec.PORT, group.port(), 1, 65535);
        }
        oneOf(source, "/spec/" + TargetGroupSpec.TARGET_TYPE, group.targetType(), List.of("instance"));
        findings.range(source, "/spec/" + TargetGroupSpec.DEREGISTRATION_DELAY, group.deregistrationDelay(), 0, 3600);
        HealthCheck health = group.healthCheck();
        if (health != null) {
            String at = "/spec/" + TargetGroupSpec.HEALTH_CHECK + "/";
            if (health.path() != null && !health.path().startsWith("/")) {
                findings.at(source, at + "path", "'" + health.path() + "' is not an HTTP path; it starts with /");
            }
            findings.range(source, at + "interval", health.interval(), 5, 300);
            findings.range(source, at + "timeout", health.timeout(), 2, 120);
            findings.range(source, at + "healthyThreshold", health.healthyThreshold(), 2, 10);
            findings.range(source, at + "unhealthyThreshold", health.unhealthyThreshold(), 2, 10);
            if (health.interval() != null && health.timeout() != null && health.timeout() >= health.interval()) {
                findings.at(source, at + "timeout", "a probe's timeout (" + health.timeout() + " s) must be shorter than the interval ("
                        + health.interval() + " s)");
            }
            if (health.matcher() != null && !HTTP_CODES.matcher(health.matcher()).matches()) {
                findings.at(source, at + "matcher", "'" + health.matcher() + "' is not a list or range of HTTP codes, like 200, 200,204 or 200-299");
            }
        }
        if (group.stickiness() != null) {
            findings.required(source, "/spec/" + TargetGroupSpec.STICKINESS + "/enabled", group.stickiness().enabled());
            findings.range(source, "/spec/" + TargetGroupSpec.STICKINESS + "/duration", group.stickiness().duration(), 1, 604800);
        }
    }

    private void listener(ListenerSpec listener, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        findings.required(source, "/spec/" + ListenerSpec.LOAD_BALANCER, listener.loadBalancer());
        if (findings.required(source, "/spec/" + ListenerSpec.PORT, listener.port())) {
            findings.range(source, "/spec/" + ListenerSpec.PORT, listener.port(), 1, 65535);
        }
        if (findings.required(source, "/spec/" + ListenerSpec.PROTOCOL, listener.protocol())) {
            oneOf(source, "/spec/" + ListenerSpec.PROTOCOL, listener.protocol(), ListenerSpec.PROTOCOLS);
        }
        boolean https = "HTTPS".equals(listener.protocol());
        if (https) {
            if (listener.certificateArn() == null) {
                findings.at(source, "/spec/" + ListenerSpec.PROTOCOL, "an HTTPS listener needs a certificateArn (an ACM certificate's ARN)");
            } else if (!CERTIFICATE.matcher(listener.certificateArn()).matches()) {
                findings.at(source, "/spec/" + ListenerSpec.CERTIFICATE_ARN, "'" + listener.certificateArn() + "' is not a certificate ARN"
                        + " (arn:aws:acm:<region>:<account>:certificate/<id>)");
            }
        } else if (listener.certificateArn() != null || listener.sslPolicy() != null) {
            findings.at(source, "/spec/" + (listener.certificateArn() != null ? ListenerSpec.CERTIFICATE_ARN : ListenerSpec.SSL_POLICY),
                    "applies to HTTPS listeners only; this one is " + listener.protocol());
        }
        Optional<String> vpc = vpcOfLoadBalancer(env, listener.loadBalancer());
        if (findings.required(source, "/spec/" + ListenerSpec.DEFAULT_ACTION, listener.defaultAction())) {
            action(listener.defaultAction(), source, "/spec/" + ListenerSpec.DEFAULT_ACTION, env, vpc);
        }
        List<ForwardRule> rules = listener.rules() == null ? List.of() : listener.rules();
        Map<Integer, Integer> priorities = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            ForwardRule rule = rules.get(i);
            String at = "/spec/" + ListenerSpec.RULES + "/" + i;
            if (findings.required(source, at + "/priority", rule.priority())) {
                findings.range(source, at + "/priority", rule.priority(), 1, 50000);
                Integer first = priorities.putIfAbsent(rule.priority(), i);
                if (first != null) {
                    findings.at(source, at + "/priority", "priority " + rule.priority() + " is also rule " + first
                            + "'s; each rule of a listener has its own");
                }
            }
            if (isEmpty(rule.hostHeaders()) && isEmpty(rule.pathPatterns())) {
                findings.at(source, at, "a rule needs at least one condition: hostHeaders or pathPatterns");
            }
            if (findings.required(source, at + "/forward", rule.forward())) {
                forward(rule.forward(), source, at + "/forward", env, vpc);
            }
        }
    }

    private void action(ActionSpec action, DocumentSource source, String at, String env, Optional<String> vpc) {
        if ((action.forward() == null) == (action.redirect() == null)) {
            findings.at(source, at, "an action is exactly one of forward (a target group) or redirect");
        } else if (action.forward() != null) {
            forward(action.forward(), source, at + "/forward", env, vpc);
        } else {
            Redirect redirect = action.redirect();
            oneOf(source, at + "/redirect/protocol", redirect.protocol(), ListenerSpec.PROTOCOLS);
            oneOf(source, at + "/redirect/statusCode", redirect.statusCode(), ListenerSpec.REDIRECT_CODES);
            if (redirect.port() != null && !PORT.matcher(redirect.port()).matches()) {
                findings.at(source, at + "/redirect/port", "'" + redirect.port() + "' is not a port");
            }
        }
    }

    /** AWS refuses a listener that forwards to a target group of another VPC than its load balancer's. */
    private void forward(String targetGroup, DocumentSource source, String at, String env, Optional<String> vpc) {
        Optional<String> groupVpc = index.resource(env, ResourceKey.of(TargetGroupSpec.KIND, targetGroup))
                .map(d -> d.resource().spec(TargetGroupSpec.class).vpc());
        if (vpc.isPresent() && groupVpc.isPresent() && !vpc.get().equals(groupVpc.get())) {
            findings.at(source, at, "TargetGroup '" + targetGroup + "' is in Vpc '" + groupVpc.get()
                    + "', but the listener's load balancer is in Vpc '" + vpc.get() + "'");
        }
    }

    /** An ELB health check means nothing without a target group to take it from. */
    private void fleet(AutoScalingGroupSpec group, Declaration.OfResource declaration) {
        if ("ELB".equals(group.healthCheckType()) && isEmpty(group.targetGroups()) && isEmpty(group.targetGroupArns())) {
            findings.at(declaration.source(), "/spec/" + AutoScalingGroupSpec.HEALTH_CHECK_TYPE, "ELB health checks come from the"
                    + " group's target groups; declare targetGroups (or targetGroupArns)");
        }
    }

    private Optional<String> vpcOfLoadBalancer(String env, String name) {
        return name == null ? Optional.empty() : index.resource(env, ResourceKey.of(LoadBalancerSpec.KIND, name))
                .map(d -> d.resource().spec(LoadBalancerSpec.class).subnets())
                .filter(subnets -> !subnets.isEmpty())
                .flatMap(subnets -> subnet(env, subnets.get(0)))
                .map(SubnetSpec::vpc);
    }

    private Optional<SubnetSpec> subnet(String env, String name) {
        return index.resource(env, ResourceKey.of(SubnetSpec.KIND, name)).map(d -> d.resource().spec(SubnetSpec.class));
    }

    private void oneOf(DocumentSource source, String pointer, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            findings.at(source, pointer, "'" + value + "' is not one of " + String.join(", ", allowed));
        }
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
