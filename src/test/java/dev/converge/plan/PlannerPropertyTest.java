package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.Mode;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Ownership;
import dev.converge.model.Reference;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.RouteTableSpec.RouteSpec;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The planner's contract over generated environments of every kind, not only the hand-picked cases. */
class PlannerPropertyTest {

    private static final String CONTROLLER = "converge";
    private static final List<String> KIND_ORDER = List.of(VpcSpec.KIND, SubnetSpec.KIND, NatGatewaySpec.KIND,
            RouteTableSpec.KIND, SecurityGroupSpec.KIND, BucketSpec.KIND);

    private final Planner planner = new Planner(CONTROLLER, new DependencyOrder(KIND_ORDER));

    /** A desired environment, and a live state that differs from it in generated ways. */
    record Scenario(Environment environment, List<Resource> desired, ObservedState drifted) {}

    @Property(tries = 200)
    void plan_isEmpty_whenTheLiveStateEqualsTheSpec(@ForAll("scenarios") Scenario scenario) {
        List<ObservedResource> converged = scenario.desired().stream().map(r -> live(scenario.environment(), r)).toList();

        Plan plan = planner.plan(scenario.environment(), scenario.desired(), ObservedState.of(converged));

        assertThat(plan.changes()).isEmpty();
    }

    @Property(tries = 200)
    void applyingAPlan_thenPlanningAgain_givesAnEmptyPlan(@ForAll("scenarios") Scenario scenario) {
        Plan plan = planner.plan(scenario.environment(), scenario.desired(), scenario.drifted());

        ObservedState applied = apply(plan, scenario.drifted());

        assertThat(planner.plan(scenario.environment(), scenario.desired(), applied).changes()).as(plan.toString()).isEmpty();
    }

    @Property(tries = 200)
    void creates_comeAfterEverythingTheyReference(@ForAll("scenarios") Scenario scenario) {
        Plan plan = planner.plan(scenario.environment(), scenario.desired(), ObservedState.of(List.of()));

        List<ResourceKey> order = plan.changes().stream().map(Change::key).toList();
        assertThat(plan.changes()).hasSameSizeAs(scenario.desired()).allSatisfy(change -> {
            assertThat(change.action()).isEqualTo(Action.CREATE);
            for (Reference reference : change.desired().references()) {
                if (reference.ordering() && order.contains(reference.target())) {
                    assertThat(order.indexOf(reference.target())).as("%s before %s", reference.target(), change.key())
                            .isLessThan(order.indexOf(change.key()));
                }
            }
        });
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.randoms().map(PlannerPropertyTest::scenario);
    }

    /** What executing the plan would leave in AWS: every field change made, deleted resources gone. */
    private static ObservedState apply(Plan plan, ObservedState observed) {
        Map<ResourceKey, ObservedResource> live = new LinkedHashMap<>();
        observed.all().forEach(r -> live.put(r.key(), r));
        for (Change change : plan.changes()) {
            if (change.action() == Action.DELETE) {
                live.remove(change.key());
            } else if (!change.fields().isEmpty()) {
                ObservedResource before = live.get(change.key());
                Map<String, Object> properties = before == null ? new HashMap<>() : new HashMap<>(before.properties());
                Map<String, String> tags = before == null ? new HashMap<>() : new HashMap<>(before.tags());
                for (FieldChange field : change.fields()) {
                    if (field.field().equals(KindSpec.TAGS)) {
                        ((Map<?, ?>) field.after()).forEach((k, v) -> tags.put((String) k, (String) v));
                    } else {
                        properties.put(field.field(), field.after());
                    }
                }
                live.put(change.key(), ObservedResource.owned(change.key(), "id-" + change.key(), properties, tags, null));
            }
        }
        return ObservedState.of(live.values());
    }

    private static ObservedResource live(Environment environment, Resource resource) {
        return ObservedResource.owned(resource.key(), "id-" + resource.key(), resource.spec().properties(),
                Ownership.desiredTags(CONTROLLER, environment, resource), null);
    }

    private static Scenario scenario(Random random) {
        Environment environment = new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, random.nextBoolean(),
                tags(random, "env"));
        List<Resource> desired = new ArrayList<>();
        List<String> vpcs = names("vpc", 1 + random.nextInt(3));
        List<String> subnets = names("subnet", random.nextInt(5));
        List<String> nats = subnets.isEmpty() ? List.of() : names("nat", random.nextInt(3));
        List<String> groups = names("group", random.nextInt(4));
        for (int i = 0; i < vpcs.size(); i++) {
            desired.add(resource(VpcSpec.KIND, vpcs.get(i), new VpcSpec("10." + i + ".0.0/16", bool(random), bool(random), bool(random),
                    tags(random, "vpc"), null)));
        }
        for (int i = 0; i < subnets.size(); i++) {
            desired.add(resource(SubnetSpec.KIND, subnets.get(i), new SubnetSpec(pick(random, vpcs), "us-east-1a", "10.0." + i + ".0/24",
                    bool(random), tags(random, "subnet"), null)));
        }
        for (String nat : nats) {
            desired.add(resource(NatGatewaySpec.KIND, nat, new NatGatewaySpec(pick(random, subnets), tags(random, "nat"), null)));
        }
        for (String table : names("table", random.nextInt(3))) {
            List<RouteSpec> routes = new ArrayList<>();
            routes.add(new RouteSpec("0.0.0.0/0", nats.isEmpty() ? Boolean.TRUE : null, nats.isEmpty() ? null : pick(random, nats), null));
            if (random.nextBoolean()) {
                routes.add(new RouteSpec("10.9.0.0/16", null, null, "tgw-0123"));
            }
            desired.add(resource(RouteTableSpec.KIND, table, new RouteTableSpec(pick(random, vpcs), routes,
                    subnets.isEmpty() ? List.of() : List.of(pick(random, subnets)), tags(random, "table"), null)));
        }
        for (String group : groups) {
            List<RuleSpec> ingress = new ArrayList<>();
            for (int r = random.nextInt(4); r > 0; r--) {
                PeerSpec peer = random.nextBoolean() ? new PeerSpec("10." + random.nextInt(256) + ".0.0/16", null, null)
                        : new PeerSpec(null, pick(random, groups), null);
                ingress.add(new RuleSpec(random.nextBoolean() ? "tcp" : "udp", Integer.toString(1 + random.nextInt(65535)),
                        peer, null, random.nextBoolean() ? null : "rule " + r, null));
            }
            desired.add(resource(SecurityGroupSpec.KIND, group, new SecurityGroupSpec(pick(random, vpcs), "group " + group, ingress,
                    random.nextBoolean() ? null : List.of(), tags(random, "group"), null)));
        }
        for (String bucket : names("bucket", random.nextInt(3))) {
            desired.add(resource(BucketSpec.KIND, bucket, new BucketSpec("acme-" + bucket, bool(random), null, null, null, null,
                    tags(random, "bucket"), null)));
        }
        Collections.shuffle(desired, random);
        return new Scenario(environment, desired, drifted(random, environment, desired));
    }

    /** Each resource missing, converged, or with a field or tag changed; with prune on, some undeclared ones. */
    private static ObservedState drifted(Random random, Environment environment, List<Resource> desired) {
        List<ObservedResource> observed = new ArrayList<>();
        for (Resource resource : desired) {
            ObservedResource converged = live(environment, resource);
            switch (random.nextInt(4)) {
                case 0 -> { }
                case 1 -> observed.add(converged);
                case 2 -> {
                    Map<String, Object> properties = new HashMap<>(converged.properties());
                    List<String> fields = new ArrayList<>(properties.keySet());
                    if (!fields.isEmpty()) {
                        properties.put(pick(random, fields), "drifted");
                    }
                    observed.add(ObservedResource.owned(resource.key(), converged.awsId(), properties, converged.tags(), null));
                }
                default -> {
                    Map<String, String> tags = new HashMap<>(converged.tags());
                    tags.remove(pick(random, new ArrayList<>(tags.keySet())));
                    tags.put("added-in-the-console", "x");
                    observed.add(ObservedResource.owned(resource.key(), converged.awsId(), converged.properties(), tags, null));
                }
            }
        }
        if (environment.prune()) {
            for (String name : names("removed", random.nextInt(3))) {
                observed.add(ObservedResource.owned(ResourceKey.of(VpcSpec.KIND, name), "id-" + name, Map.of(),
                        Map.of(Ownership.MANAGED_BY, CONTROLLER, Ownership.ENVIRONMENT, "prod",
                                Ownership.RESOURCE, VpcSpec.KIND + "/" + name), null));
            }
        }
        return ObservedState.of(observed);
    }

    private static Resource resource(String kind, String name, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "prod", Map.of(), spec);
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    private static Map<String, String> tags(Random random, String prefix) {
        Map<String, String> tags = new HashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            tags.put(prefix + "-" + random.nextInt(4), "v" + random.nextInt(3));
        }
        return tags;
    }

    private static Boolean bool(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> Boolean.TRUE;
            default -> Boolean.FALSE;
        };
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
