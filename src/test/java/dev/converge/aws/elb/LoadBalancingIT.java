package dev.converge.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.ListenerSpec;
import dev.converge.model.LoadBalancerSpec;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.TargetGroupSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action.Builder;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * A web tier behind an Application Load Balancer ({@code specs/load-balancing/web.yaml}), converged into
 * moto and read back: the load balancer, its target groups and listeners, and the fleet registered with
 * a target group whose health checks replace its instances.
 */
class LoadBalancingIT {

    private final Harness harness = new Harness();
    private final DesiredState spec = SpecLoader.load(Path.of("src/test/resources/specs/load-balancing/web.yaml"));
    private final Environment env = spec.environments().get("lb");
    private final List<Resource> resources = spec.resourcesOf("lb");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesFromEmpty_asDeclared_andASecondPassMakesNoMutatingCall() {
        PassReport first = harness.pass(env, resources);

        assertThat(first.success()).as(first.toString()).isTrue();
        assertThat(first.remaining().isEmpty()).as(first.remaining().toString()).isTrue();
        LoadBalancer web = loadBalancer("lb-web");
        assertThat(web.schemeAsString()).isEqualTo("internet-facing");
        assertThat(web.availabilityZones()).extracting(z -> z.zoneName()).containsExactlyInAnyOrder("us-east-1a", "us-east-1b");
        assertThat(web.securityGroups()).hasSize(1);
        assertThat(tags(web.loadBalancerArn())).contains(entry(Ownership.RESOURCE, "LoadBalancer/web"), entry("Name", "web"));
        assertThat(attributes(web.loadBalancerArn())).contains(entry("idle_timeout.timeout_seconds", "120"),
                entry("deletion_protection.enabled", "false"), entry("access_logs.s3.enabled", "true"),
                entry("access_logs.s3.bucket", "lb-access-logs"), entry("access_logs.s3.prefix", "web"));

        TargetGroup api = targetGroup("lb-api");
        assertThat(api.port()).isEqualTo(8080);
        assertThat(api.healthCheckPath()).isEqualTo("/health");
        assertThat(api.healthCheckIntervalSeconds()).isEqualTo(15);
        assertThat(api.unhealthyThresholdCount()).isEqualTo(3);
        assertThat(api.matcher().httpCode()).isEqualTo("200-299");
        assertThat(elb().describeTargetGroupAttributes(r -> r.targetGroupArn(api.targetGroupArn())).attributes())
                .extracting(a -> a.key() + "=" + a.value())
                .contains("deregistration_delay.timeout_seconds=30", "stickiness.enabled=true", "stickiness.type=lb_cookie",
                        "stickiness.lb_cookie.duration_seconds=3600");
        TargetGroup admin = targetGroup("lb-admin");

        Map<Integer, Listener> listeners = listeners(web.loadBalancerArn());
        Listener https = listeners.get(443);
        assertThat(https.protocolAsString()).isEqualTo("HTTPS");
        assertThat(https.certificates()).extracting(c -> c.certificateArn())
                .containsExactly("arn:aws:iam::123456789012:server-certificate/web.example.com");
        assertThat(https.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(https.defaultActions().get(0).targetGroupArn()).isEqualTo(api.targetGroupArn());
        assertThat(tags(https.listenerArn())).containsEntry(Ownership.RESOURCE, "Listener/web-https");
        assertThat(rules(https.listenerArn())).containsOnly(entry("10", admin.targetGroupArn()), entry("20", admin.targetGroupArn()));
        Listener http = listeners.get(80);
        assertThat(http.defaultActions().get(0).type()).isEqualTo(ActionTypeEnum.REDIRECT);
        assertThat(http.defaultActions().get(0).redirectConfig().protocol()).isEqualTo("HTTPS");
        assertThat(http.defaultActions().get(0).redirectConfig().statusCodeAsString()).isEqualTo("HTTP_301");

        AutoScalingGroup fleet = fleet();
        assertThat(fleet.targetGroupARNs()).containsExactly(api.targetGroupArn());
        assertThat(fleet.healthCheckType()).isEqualTo("ELB");
        assertThat(fleet.healthCheckGracePeriod()).isEqualTo(90);

        long mutations = harness.mutatingCalls();
        Map<String, Double> before = calls();
        PassReport second = harness.pass(env, resources);

        assertThat(second.detected().changes()).as("drift on the second pass").isEmpty();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        Map<String, Double> steady = new TreeMap<>(calls());
        steady.replaceAll((operation, count) -> count - before.getOrDefault(operation, 0.0));
        steady.values().removeIf(count -> count == 0);
        System.out.println("BENCH load balancing no-drift pass calls=" + steady);
    }

    @Test
    void undoesDrift_aListenersDefaultActionAndATargetGroupDetachedFromItsFleet() {
        harness.pass(env, resources);
        causeDrift();

        PassReport report = harness.pass(env, resources);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(actions(report.detected())).contains(entry("Listener/web-https", Action.UPDATE),
                entry("AutoScalingGroup/api", Action.UPDATE), entry("TargetGroup/api", Action.UPDATE));
        assertThat(report.remaining().isEmpty()).as(report.remaining().toString()).isTrue();
        TargetGroup api = targetGroup("lb-api");
        Listener https = listeners(loadBalancer("lb-web").loadBalancerArn()).get(443);
        assertThat(https.defaultActions().get(0).targetGroupArn()).isEqualTo(api.targetGroupArn());
        assertThat(rules(https.listenerArn())).containsOnlyKeys("10", "20");
        assertThat(fleet().targetGroupARNs()).containsExactly(api.targetGroupArn());
        assertThat(api.healthCheckPath()).isEqualTo("/health");
    }

    @Test
    void observeMode_reportsTheSameDriftAndLeavesItInPlace() {
        harness.pass(env, resources);
        causeDrift();
        long mutations = harness.mutatingCalls();
        Environment observe = new Environment(env.name(), env.region(), env.accountId(), env.roleArn(), Mode.OBSERVE,
                env.prune(), env.tags());

        PassReport report = harness.pass(observe, resources);

        assertThat(report.success()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(actions(report.detected())).contains(entry("Listener/web-https", Action.UPDATE),
                entry("AutoScalingGroup/api", Action.UPDATE), entry("TargetGroup/api", Action.UPDATE));
        Change listener = change(report, "Listener/web-https");
        assertThat(listener.fields()).extracting(f -> f.field() + ": " + f.before() + " -> " + f.after())
                .contains("defaultAction: forward to admin -> forward to api");
        assertThat(fleet().targetGroupARNs()).isEmpty();
        assertThat(listeners(loadBalancer("lb-web").loadBalancerArn()).get(443).defaultActions().get(0).targetGroupArn())
                .isEqualTo(targetGroup("lb-admin").targetGroupArn());
        assertThat(harness.metric("converge.drift.resources", "environment", "lb", "kind", "Listener")).isEqualTo(1);
    }

    @Test
    void anUnmanagedLoadBalancerHoldingTheDeclaredName_isNeverTouched() {
        harness.pass(env, resources.stream().filter(r -> !r.kind().equals(LoadBalancerSpec.KIND) && !r.kind().equals(ListenerSpec.KIND)).toList());
        String subnetA = subnetId("public-a");
        String subnetB = subnetId("public-b");
        String impostor = elb().createLoadBalancer(r -> r.name("lb-web").subnets(subnetA, subnetB)
                .tags(Tag.builder().key("team").value("someone-else").build())).loadBalancers().get(0).loadBalancerArn();
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(env, resources);

        assertThat(actions(report.detected())).contains(entry("LoadBalancer/web", Action.CONFLICT));
        assertThat(change(report, "LoadBalancer/web").note()).contains(impostor, "without Converge's ownership tags");
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(tags(impostor)).containsOnly(entry("team", "someone-else"));
        assertThat(elb().describeListeners(r -> r.loadBalancerArn(impostor)).listeners()).isEmpty();
        assertThat(attributes(impostor)).doesNotContainEntry("idle_timeout.timeout_seconds", "120");
    }

    @Test
    void anUnmanagedListenerOnADeclaredPort_isAConflict_andNeverTouched() {
        harness.pass(env, resources.stream().filter(r -> !r.key().toString().equals("Listener/web-http")).toList());
        String api = targetGroup("lb-api").targetGroupArn();
        String handMade = elb().createListener(r -> r.loadBalancerArn(loadBalancer("lb-web").loadBalancerArn()).port(80)
                .protocol("HTTP").defaultActions(forward(api))).listeners().get(0).listenerArn();
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(env, resources);

        assertThat(actions(report.detected())).containsOnly(entry("Listener/web-http", Action.CONFLICT));
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        Listener http = listeners(loadBalancer("lb-web").loadBalancerArn()).get(80);
        assertThat(http.listenerArn()).isEqualTo(handMade);
        assertThat(http.defaultActions().get(0).targetGroupArn()).isEqualTo(api);
        assertThat(tags(handMade)).isEmpty();
    }

    @Test
    void prune_deletesListenersBeforeTheirTargetGroups_andTargetGroupsBeforeTheirLoadBalancer() {
        harness.pass(env, resources);
        List<Resource> withoutLoadBalancing = resources.stream()
                .filter(r -> !List.of(LoadBalancerSpec.KIND, TargetGroupSpec.KIND, ListenerSpec.KIND).contains(r.kind()))
                .map(r -> r.spec() instanceof AutoScalingGroupSpec g ? withSpec(r, new AutoScalingGroupSpec(g.launchTemplate(),
                        g.subnets(), g.minSize(), g.maxSize(), g.desiredCapacity(), "EC2", g.healthCheckGracePeriod(), null, List.of(),
                        g.terminationPolicies(), g.tags(), g.management())) : r)
                .toList();

        PassReport report = harness.pass(Harness.pruning(env), withoutLoadBalancing);

        assertThat(report.success()).as(report.toString()).isTrue();
        List<String> deleted = report.outcomes().stream()
                .filter(o -> o.change().action() == Action.DELETE && o.result() == Outcome.Result.SUCCESS)
                .map(o -> o.change().kind())
                .toList();
        assertThat(deleted).containsExactly("Listener", "Listener", "TargetGroup", "TargetGroup", "LoadBalancer");
        assertThat(elb().describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(elb().describeTargetGroups().targetGroups()).isEmpty();
        assertThat(fleet().targetGroupARNs()).isEmpty();
        assertThat(fleet().healthCheckType()).isEqualTo("EC2");
    }

    @Test
    void deletionProtection_holdsTheLoadBalancerWhenPruneWouldDeleteIt_andThePlanSaysSo() {
        List<Resource> protectedWeb = resources.stream()
                .map(r -> r.spec() instanceof LoadBalancerSpec b ? withSpec(r, new LoadBalancerSpec(b.scheme(), b.subnets(),
                        b.securityGroups(), b.idleTimeout(), true, b.accessLogs(), b.tags(), b.management())) : r)
                .toList();
        harness.pass(env, protectedWeb);
        assertThat(attributes(loadBalancer("lb-web").loadBalancerArn())).containsEntry("deletion_protection.enabled", "true");
        List<Resource> withoutBalancer = protectedWeb.stream()
                .filter(r -> !r.kind().equals(LoadBalancerSpec.KIND) && !r.kind().equals(ListenerSpec.KIND))
                .toList();

        PassReport report = harness.pass(Harness.pruning(env), withoutBalancer);

        assertThat(report.success()).as(report.toString()).isTrue();
        Change balancer = change(report, "LoadBalancer/web");
        assertThat(balancer.action()).isEqualTo(Action.PROTECTED);
        assertThat(balancer.note()).contains("deletion protection is on", "left in place");
        assertThat(actions(report.detected())).contains(entry("Listener/web-https", Action.DELETE), entry("Listener/web-http", Action.DELETE));
        assertThat(loadBalancer("lb-web")).isNotNull();
        assertThat(listeners(loadBalancer("lb-web").loadBalancerArn())).isEmpty();
        assertThat(harness.plan(Harness.pruning(env), withoutBalancer).changes())
                .extracting(c -> c.key().toString() + " " + c.action())
                .containsExactly("LoadBalancer/web PROTECTED");
    }

    private void causeDrift() {
        ElasticLoadBalancingV2Client elb = elb();
        TargetGroup admin = targetGroup("lb-admin");
        TargetGroup api = targetGroup("lb-api");
        Listener https = listeners(loadBalancer("lb-web").loadBalancerArn()).get(443);
        elb.modifyListener(r -> r.listenerArn(https.listenerArn()).defaultActions(forward(admin.targetGroupArn())));
        elb.modifyTargetGroup(r -> r.targetGroupArn(api.targetGroupArn()).healthCheckPath("/"));
        autoScaling().detachLoadBalancerTargetGroups(r -> r.autoScalingGroupName("lb-api").targetGroupARNs(api.targetGroupArn()));
    }

    private static software.amazon.awssdk.services.elasticloadbalancingv2.model.Action forward(String arn) {
        Builder action = software.amazon.awssdk.services.elasticloadbalancingv2.model.Action.builder();
        return action.type(ActionTypeEnum.FORWARD).targetGroupArn(arn).build();
    }

    private static Resource withSpec(Resource resource, KindSpec spec) {
        return new Resource(resource.key(), resource.environment(), resource.labels(), spec);
    }

    private static Map<String, Action> actions(dev.converge.plan.Plan plan) {
        return plan.changes().stream().collect(Collectors.toMap(c -> c.key().toString(), Change::action));
    }

    private static Change change(PassReport report, String key) {
        return report.detected().changes().stream().filter(c -> c.key().toString().equals(key)).findFirst().orElseThrow();
    }

    private ElasticLoadBalancingV2Client elb() {
        return harness.aws(env).elb();
    }

    private AutoScalingClient autoScaling() {
        return harness.aws(env).autoScaling();
    }

    private LoadBalancer loadBalancer(String name) {
        return elb().describeLoadBalancers(r -> r.names(name)).loadBalancers().get(0);
    }

    private TargetGroup targetGroup(String name) {
        return elb().describeTargetGroups(r -> r.names(name)).targetGroups().get(0);
    }

    private Map<Integer, Listener> listeners(String loadBalancerArn) {
        return elb().describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream()
                .collect(Collectors.toMap(Listener::port, l -> l));
    }

    /** The listener's rules but the default one: priority to the target group they forward to. */
    private Map<String, String> rules(String listenerArn) {
        Map<String, String> rules = new HashMap<>();
        for (Rule rule : elb().describeRules(r -> r.listenerArn(listenerArn)).rules()) {
            if (!Boolean.TRUE.equals(rule.isDefault())) {
                rules.put(rule.priority(), rule.actions().get(0).targetGroupArn());
            }
        }
        return rules;
    }

    private Map<String, String> tags(String arn) {
        return elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private Map<String, String> attributes(String loadBalancerArn) {
        return elb().describeLoadBalancerAttributes(r -> r.loadBalancerArn(loadBalancerArn)).attributes().stream()
                .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
    }

    private AutoScalingGroup fleet() {
        return autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("lb-api")).autoScalingGroups().get(0);
    }

    private String subnetId(String name) {
        return harness.aws(env).ec2().describeSubnets(r -> r.filters(f -> f.name("tag:" + Ownership.RESOURCE).values("Subnet/" + name)))
                .subnets().get(0).subnetId();
    }

    /** Converge's AWS calls so far, by service and operation. */
    private Map<String, Double> calls() {
        Map<String, Double> calls = new TreeMap<>();
        for (Counter counter : harness.registry().find("converge.aws.api.calls").counters()) {
            calls.merge(counter.getId().getTag("service") + ":" + counter.getId().getTag("operation"), counter.count(), Double::sum);
        }
        return calls;
    }
}
