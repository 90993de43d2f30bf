package dev.converge.aws.elb;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.ListenerRule;
import dev.converge.model.ListenerSpec;
import dev.converge.model.ListenerSpec.ActionSpec;
import dev.converge.model.ListenerSpec.Redirect;
import dev.converge.model.LoadBalancerSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.TargetGroupSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/**
 * Listeners of managed load balancers, with their rules. ELBv2 lists listeners per load balancer only,
 * so a pass makes one DescribeListeners per managed load balancer and reads the listeners' tags in
 * batches of 20; rules are listed per listener, and only for listeners whose spec declares them. A
 * listener without Converge's tags on the declared port of a managed load balancer is a conflict.
 */
public final class ListenerDriver implements ResourceDriver {

    private static final String HOST_HEADER = "host-header";
    private static final String PATH_PATTERN = "path-pattern";

    /** The ARN of each observed rule by priority, so an update modifies or deletes exactly those. */
    public record Details(Map<Integer, String> ruleArns) {

        public Details {
            ruleArns = Map.copyOf(ruleArns);
        }
    }

    @Override
    public String kind() {
        return ListenerSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        List<Listener> listeners = new ArrayList<>();
        for (ObservedResource balancer : context.observed().all()) {
            if (balancer.key().kind().equals(LoadBalancerSpec.KIND) && balancer.owned()) {
                elb.describeListenersPaginator(r -> r.loadBalancerArn(balancer.awsId()).pageSize(LoadBalancerDriver.PAGE))
                        .listeners().forEach(listeners::add);
            }
        }
        Map<String, Map<String, String>> tags = ElbTags.of(elb, listeners.stream().map(Listener::listenerArn).toList());
        Map<ResourceKey, ListenerSpec> specs = new HashMap<>();
        declared.forEach(r -> specs.put(r.key(), r.spec(ListenerSpec.class)));
        List<ObservedResource> observed = new ArrayList<>();
        for (Listener listener : listeners) {
            Map<String, String> own = tags.getOrDefault(listener.listenerArn(), Map.of());
            Optional<ResourceKey> key = OwnedTags.key(own, kind(), listener.listenerArn(), context);
            if (key.isPresent()) {
                ListenerSpec spec = specs.get(key.get());
                Map<Integer, Rule> rules = spec != null && spec.rules() != null ? rules(elb, listener.listenerArn()) : null;
                observed.add(observed(key.get(), listener, own, rules, context));
            } else {
                holding(listener, specs, context).ifPresent(held ->
                        observed.add(ObservedResource.foreign(held, listener.listenerArn(), own)));
            }
        }
        return observed;
    }

    /** The declared listener whose load balancer and port a listener without Converge's tags occupies. */
    private static Optional<ResourceKey> holding(Listener listener, Map<ResourceKey, ListenerSpec> specs, DriverContext context) {
        String balancer = context.observed().nameOrId(LoadBalancerSpec.KIND, listener.loadBalancerArn());
        return specs.entrySet().stream()
                .filter(e -> balancer.equals(e.getValue().loadBalancer()) && listener.port().equals(e.getValue().port()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The listener's rules but its default one, by priority. */
    private static Map<Integer, Rule> rules(ElasticLoadBalancingV2Client elb, String listenerArn) {
        Map<Integer, Rule> rules = new TreeMap<>();
        String marker = null;
        do {
            String from = marker;
            DescribeRulesResponse page = elb.describeRules(r -> r.listenerArn(listenerArn).pageSize(LoadBalancerDriver.PAGE).marker(from));
            for (Rule rule : page.rules()) {
                if (!Boolean.TRUE.equals(rule.isDefault()) && !"default".equals(rule.priority())) {
                    rules.put(Integer.valueOf(rule.priority()), rule);
                }
            }
            marker = page.nextMarker();
        } while (marker != null && !marker.isEmpty());
        return rules;
    }

    private static ObservedResource observed(
            ResourceKey key, Listener listener, Map<String, String> tags, Map<Integer, Rule> rules, DriverContext context) {
        String certificate = listener.certificates().stream()
                .filter(c -> !Boolean.FALSE.equals(c.isDefault()))
                .map(Certificate::certificateArn)
                .findFirst()
                .orElse(null);
        Fields fields = new Fields()
                .put(ListenerSpec.LOAD_BALANCER, context.observed().nameOrId(LoadBalancerSpec.KIND, listener.loadBalancerArn()))
                .put(ListenerSpec.PORT, listener.port())
                .put(ListenerSpec.PROTOCOL, listener.protocolAsString())
                .put(ListenerSpec.CERTIFICATE_ARN, certificate)
                .put(ListenerSpec.SSL_POLICY, listener.sslPolicy())
                .put(ListenerSpec.DEFAULT_ACTION, listener.defaultActions().isEmpty() ? null : canonical(listener.defaultActions().get(0), context));
        Map<Integer, String> arns = new HashMap<>();
        if (rules != null) {
            TreeSet<ListenerRule> canonical = new TreeSet<>();
            rules.forEach((priority, rule) -> {
                canonical.add(canonical(priority, rule, context));
                arns.put(priority, rule.ruleArn());
            });
            fields.put(ListenerSpec.RULES, canonical);
        }
        return ObservedResource.owned(key, listener.listenerArn(), fields.build(), tags, new Details(arns));
    }

    /** An AWS action as the spec writes it; one Converge does not model shows as its type, as drift. */
    private static String canonical(Action action, DriverContext context) {
        if (action.type() == ActionTypeEnum.FORWARD) {
            String arn = action.targetGroupArn() != null || action.forwardConfig() == null || action.forwardConfig().targetGroups().size() != 1
                    ? action.targetGroupArn()
                    : action.forwardConfig().targetGroups().get(0).targetGroupArn();
            return ActionSpec.forwardTo(context.observed().nameOrId(TargetGroupSpec.KIND, arn));
        }
        if (action.type() == ActionTypeEnum.REDIRECT && action.redirectConfig() != null) {
            RedirectActionConfig redirect = action.redirectConfig();
            return Redirect.redirectTo(redirect.protocol(), redirect.port(), redirect.statusCodeAsString());
        }
        return action.typeAsString();
    }

    private static ListenerRule canonical(int priority, Rule rule, DriverContext context) {
        List<String> hosts = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (RuleCondition condition : rule.conditions()) {
            if (HOST_HEADER.equals(condition.field())) {
                hosts.addAll(condition.hostHeaderConfig() != null && condition.hostHeaderConfig().hasValues()
                        ? condition.hostHeaderConfig().values() : condition.values());
            } else if (PATH_PATTERN.equals(condition.field())) {
                paths.addAll(condition.pathPatternConfig() != null && condition.pathPatternConfig().hasValues()
                        ? condition.pathPatternConfig().values() : condition.values());
            }
        }
        String forward = rule.actions().isEmpty() ? null : canonical(rule.actions().get(0), context)
                .replaceFirst("^" + ActionSpec.forwardTo(""), "");
        return new ListenerRule(priority, hosts, paths, forward);
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        ListenerSpec spec = resource.spec(ListenerSpec.class);
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        Map<String, String> tags = context.tagsFor(resource);
        String arn = elb.createListener(r -> r
                        .loadBalancerArn(context.idOf(ResourceKey.of(LoadBalancerSpec.KIND, spec.loadBalancer())))
                        .port(spec.port())
                        .protocol(spec.protocol())
                        .certificates(certificates(spec))
                        .sslPolicy(spec.sslPolicy())
                        .defaultActions(action(spec.defaultAction(), context))
                        .tags(ElbTags.toTags(tags)))
                .listeners().get(0).listenerArn();
        if (spec.rules() != null) {
            spec.rules().forEach(rule -> createRule(elb, arn, rule.canonical(), tags, context));
        }
        return arn;
    }

    private static List<Certificate> certificates(ListenerSpec spec) {
        return spec.certificateArn() == null ? null : List.of(Certificate.builder().certificateArn(spec.certificateArn()).build());
    }

    private static Action action(ActionSpec action, DriverContext context) {
        if (action.forward() != null) {
            return forward(action.forward(), context);
        }
        Redirect redirect = action.redirect();
        return Action.builder()
                .type(ActionTypeEnum.REDIRECT)
                .redirectConfig(c -> c
                        .protocol(redirect.protocolOrDefault())
                        .port(redirect.portOrDefault())
                        .host("#{host}")
                        .path("/#{path}")
                        .query("#{query}")
                        .statusCode(redirect.statusCodeOrDefault()))
                .build();
    }

    private static Action forward(String targetGroup, DriverContext context) {
        return Action.builder()
                .type(ActionTypeEnum.FORWARD)
                .targetGroupArn(context.idOf(ResourceKey.of(TargetGroupSpec.KIND, targetGroup)))
                .build();
    }

    private static List<RuleCondition> conditions(ListenerRule rule) {
        List<RuleCondition> conditions = new ArrayList<>();
        if (!rule.hostHeaders().isEmpty()) {
            conditions.add(RuleCondition.builder().field(HOST_HEADER).hostHeaderConfig(c -> c.values(rule.hostHeaders())).build());
        }
        if (!rule.pathPatterns().isEmpty()) {
            conditions.add(RuleCondition.builder().field(PATH_PATTERN).pathPatternConfig(c -> c.values(rule.pathPatterns())).build());
        }
        return conditions;
    }

    private static void createRule(
            ElasticLoadBalancingV2Client elb, String listenerArn, ListenerRule rule, Map<String, String> tags, DriverContext context) {
        elb.createRule(r -> r
                .listenerArn(listenerArn)
                .priority(rule.priority())
                .conditions(conditions(rule))
                .actions(forward(rule.forward(), context))
                .tags(ElbTags.toTags(tags)));
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        ListenerSpec spec = resource.spec(ListenerSpec.class);
        ElasticLoadBalancingV2Client elb = context.clients().elb();
        ModifyListenerRequest.Builder modify = ModifyListenerRequest.builder().listenerArn(live.awsId());
        boolean modified = false;
        for (FieldChange change : changes) {
            switch (change.field()) {
                case ListenerSpec.PORT -> modify.port(spec.port());
                case ListenerSpec.PROTOCOL, ListenerSpec.CERTIFICATE_ARN -> modify.protocol(spec.protocol()).certificates(certificates(spec));
                case ListenerSpec.SSL_POLICY -> modify.sslPolicy(spec.sslPolicy());
                case ListenerSpec.DEFAULT_ACTION -> modify.defaultActions(action(spec.defaultAction(), context));
                case ListenerSpec.RULES -> rules(elb, live, change, context.tagsFor(resource), context);
                case KindSpec.TAGS -> ElbTags.apply(elb, live.awsId(), change);
                default -> throw new IllegalArgumentException("Listener field " + change.field() + " cannot be updated in place");
            }
            modified |= !change.field().equals(ListenerSpec.RULES) && !change.field().equals(KindSpec.TAGS);
        }
        if (modified) {
            elb.modifyListener(modify.build());
        }
    }

    /**
     * A rule is known by its priority: one the spec no longer has is deleted, a new one created, and one
     * whose conditions or target changed is modified in place, so it never leaves the listener meanwhile.
     */
    private static void rules(
            ElasticLoadBalancingV2Client elb, ObservedResource live, FieldChange change, Map<String, String> tags, DriverContext context) {
        Map<Integer, String> arns = live.details(Details.class).ruleArns();
        Map<Integer, ListenerRule> wanted = new HashMap<>();
        change.added().forEach(rule -> wanted.put(((ListenerRule) rule).priority(), (ListenerRule) rule));
        for (Object stale : change.removed()) {
            int priority = ((ListenerRule) stale).priority();
            if (!wanted.containsKey(priority)) {
                NotFound.ignoring(() -> elb.deleteRule(r -> r.ruleArn(arns.get(priority))));
            }
        }
        wanted.forEach((priority, rule) -> {
            if (arns.containsKey(priority)) {
                elb.modifyRule(r -> r.ruleArn(arns.get(priority)).conditions(conditions(rule)).actions(forward(rule.forward(), context)));
            } else {
                createRule(elb, live.awsId(), rule, tags, context);
            }
        });
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        NotFound.ignoring(() -> context.clients().elb().deleteListener(r -> r.listenerArn(live.awsId())));
    }
}
