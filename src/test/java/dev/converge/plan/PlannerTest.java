package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String CONTROLLER = "converge";
    private static final List<String> KIND_ORDER = List.of(
            VpcSpec.KIND, SubnetSpec.KIND, NatGatewaySpec.KIND, RouteTableSpec.KIND, "SecurityGroup", BucketSpec.KIND);

    private final Planner planner = new Planner(CONTROLLER, new DependencyOrder(KIND_ORDER));
    private final Environment env = environment(false);

    private final Resource vpc = vpc(Management.DEFAULT);
    private final Resource subnet = resource(SubnetSpec.KIND, "public-a",
            new SubnetSpec("main", "us-east-1a", "10.0.0.0/24", true, Map.of(), null));
    private final Resource nat = resource(NatGatewaySpec.KIND, "nat-a", new NatGatewaySpec("public-a", Map.of(), null));
    private final Resource routes = resource(RouteTableSpec.KIND, "private", new RouteTableSpec("main",
            List.of(new RouteTableSpec.RouteSpec("0.0.0.0/0", null, "nat-a", null)), List.of("public-a"), Map.of(), null));

    @Test
    void plan_createsWhatIsMissing_withEveryDeclaredFieldAndTheOwnershipTags() {
        Plan plan = planner.plan(env, List.of(vpc), ObservedState.of(List.of()));

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.CREATE);
            assertThat(change.fields()).extracting(FieldChange::field)
                    .containsExactly("cidr", "enableDnsSupport", "enableDnsHostnames", "internetGateway", "tags");
            assertThat(change.fields()).allMatch(field -> field.before() == null);
            assertThat(change.fields().get(4).after()).asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                    .containsEntry(Ownership.RESOURCE, "Vpc/main")
                    .containsEntry(Ownership.MANAGED_BY, CONTROLLER)
                    .containsEntry("team", "platform")
                    .containsEntry("tier", "network");
        });
    }

    @Test
    void plan_isEmpty_whenLiveStateEqualsTheSpec() {
        Plan plan = planner.plan(env, List.of(vpc), observed(live(vpc)));

        assertThat(plan.isEmpty()).as(plan.toString()).isTrue();
    }

    @Test
    void plan_updatesADriftedField_withItsLiveAndDeclaredValues() {
        ObservedResource drifted = live(vpc, Map.of("enableDnsHostnames", false), Map.of());

        Plan plan = planner.plan(env, List.of(vpc), observed(drifted));

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.fields()).containsExactly(new FieldChange("enableDnsHostnames", false, true));
        });
    }

    @Test
    void plan_comparesTagsAsASubset_soExtraLiveTagsAreNotDrift() {
        ObservedResource extraTags = live(vpc, Map.of(), Map.of("owner", "someone-else"));

        assertThat(planner.plan(env, List.of(vpc), observed(extraTags)).isEmpty()).isTrue();
    }

    @Test
    void plan_updatesOnlyTheTagsThatDiffer() {
        ObservedResource wrongTag = live(vpc, Map.of(), Map.of("tier", "storage"));

        Plan plan = planner.plan(env, List.of(vpc), observed(wrongTag));

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.fields()).containsExactly(
                    new FieldChange("tags", Map.of("tier", "storage"), Map.of("tier", "network")));
        });
    }

    @Test
    void plan_ignoresDriftInIgnoredFields() {
        Resource ignoring = vpc(new Management(null, false, List.of("enableDnsHostnames")));
        ObservedResource drifted = live(ignoring, Map.of("enableDnsHostnames", false), Map.of());

        assertThat(planner.plan(env, List.of(ignoring), observed(drifted)).isEmpty()).isTrue();
    }

    @Test
    void plan_blocksReplacement_ofAFieldThatCannotChangeInPlace_unlessAllowed() {
        ObservedResource otherBlock = live(vpc, Map.of("cidr", "10.9.0.0/16"), Map.of());
        Resource replaceable = vpc(new Management(null, true, List.of()));

        Change blocked = planner.plan(env, List.of(vpc), observed(otherBlock)).changes().get(0);
        Change allowed = planner.plan(env, List.of(replaceable), observed(otherBlock)).changes().get(0);

        assertThat(blocked.action()).isEqualTo(Action.REPLACEMENT_BLOCKED);
        assertThat(blocked.action().executable()).isFalse();
        assertThat(blocked.note()).contains("cidr", "allowReplacement");
        assertThat(allowed.action()).isEqualTo(Action.REPLACE);
        assertThat(allowed.fields()).containsExactly(new FieldChange("cidr", "10.9.0.0/16", "10.0.0.0/16"));
    }

    @Test
    void plan_neverDeletesNorReplacesAResourceAwsProtects_andSaysWhy() {
        ObservedResource guarded = live(vpc, Map.of("cidr", "10.9.0.0/16"), Map.of()).withProtection("its deletion protection is on");
        Resource replaceable = vpc(new Management(null, true, List.of()));

        Change pruned = planner.plan(environment(true), List.of(), observed(guarded)).changes().get(0);
        Change replaced = planner.plan(env, List.of(replaceable), observed(guarded)).changes().get(0);

        assertThat(pruned.action()).isEqualTo(Action.PROTECTED);
        assertThat(pruned.action().executable()).isFalse();
        assertThat(pruned.note()).isEqualTo("removed from the spec and prune is on, but its deletion protection is on, so it is left in place");
        assertThat(replaced.action()).isEqualTo(Action.REPLACEMENT_BLOCKED);
        assertThat(replaced.note()).contains("cidr", "its deletion protection is on");
        assertThat(new Plan("prod", List.of(pruned)).orphansByKind()).containsEntry(VpcSpec.KIND, 1);
    }

    @Test
    void plan_reportsAFieldTheDriverCannotReach_asABlockedUpdate_neverAnUpdate() {
        ObservedResource unreachable = live(vpc, Map.of("enableDnsHostnames", false, "enableDnsSupport", false), Map.of())
                .withUnreachable(Map.of("enableDnsHostnames", "cannot go back"));

        Change blocked = planner.plan(env, List.of(vpc), observed(unreachable)).changes().get(0);

        assertThat(blocked.action()).isEqualTo(Action.UPDATE_BLOCKED);
        assertThat(blocked.action().executable()).isFalse();
        assertThat(blocked.action().drift()).isTrue();
        assertThat(blocked.note()).isEqualTo("cannot go back");
        assertThat(blocked.fields()).extracting(FieldChange::field).containsExactly("enableDnsSupport", "enableDnsHostnames");
    }

    @Test
    void plan_updatesAsUsual_whenTheUnreachableFieldDoesNotDiffer() {
        ObservedResource unreachable = live(vpc, Map.of("enableDnsSupport", false), Map.of())
                .withUnreachable(Map.of("enableDnsHostnames", "cannot go back"));

        Change update = planner.plan(env, List.of(vpc), observed(unreachable)).changes().get(0);

        assertThat(update.action()).isEqualTo(Action.UPDATE);
        assertThat(update.note()).isNull();
    }

    @Test
    void plan_leavesAResourceRemovedFromTheSpecInPlace_unlessPruneIsOn() {
        ObservedResource gone = live(vpc);

        Change orphan = planner.plan(env, List.of(), observed(gone)).changes().get(0);
        Change delete = planner.plan(environment(true), List.of(), observed(gone)).changes().get(0);

        assertThat(orphan.action()).isEqualTo(Action.ORPHAN);
        assertThat(orphan.action().executable()).isFalse();
        assertThat(delete.action()).isEqualTo(Action.DELETE);
        assertThat(delete.observed()).isEqualTo(gone);
    }

    @Test
    void plan_followsAResourcesOwnPruneSetting_recordedInItsTags_overTheEnvironments() {
        ObservedResource prunable = live(vpc(new Management(true, false, List.of())));
        ObservedResource kept = live(vpc(new Management(false, false, List.of())));

        Change deleted = planner.plan(environment(false), List.of(), observed(prunable)).changes().get(0);
        Change orphaned = planner.plan(environment(true), List.of(), observed(kept)).changes().get(0);

        assertThat(prunable.tags()).containsEntry(Ownership.PRUNE, "true");
        assertThat(deleted.action()).isEqualTo(Action.DELETE);
        assertThat(deleted.note()).contains("management.prune is on");
        assertThat(orphaned.action()).isEqualTo(Action.ORPHAN);
        assertThat(orphaned.note()).contains("management.prune is off");
    }

    @Test
    void plan_writesThePruneTag_onlyWhenTheSpecSetsOne_andEnforcesItWhileDeclared() {
        Resource pruneOn = vpc(new Management(true, false, List.of()));
        ObservedResource recordedOff = live(vpc, Map.of(), Map.of(Ownership.PRUNE, "false"));

        assertThat(Ownership.desiredTags(CONTROLLER, env, vpc)).doesNotContainKey(Ownership.PRUNE);
        assertThat(planner.plan(env, List.of(pruneOn), observed(recordedOff)).changes()).singleElement()
                .satisfies(change -> assertThat(change.fields()).containsExactly(new FieldChange(
                        "tags", Map.of(Ownership.PRUNE, "false"), Map.of(Ownership.PRUNE, "true"))));
    }

    @Test
    void plan_ignoresAHandEditedPruneTag_andFollowsTheEnvironment() {
        ObservedResource edited = live(vpc, Map.of(), Map.of(Ownership.PRUNE, "yes please"));

        assertThat(planner.plan(environment(false), List.of(), observed(edited)).changes().get(0).action())
                .isEqualTo(Action.ORPHAN);
        assertThat(planner.plan(environment(true), List.of(), observed(edited)).changes().get(0).action())
                .isEqualTo(Action.DELETE);
    }

    @Test
    void plan_reportsAConflict_forAForeignResourceHoldingTheIdentity_andNeverDeletesOneUndeclared() {
        Resource bucket = resource(BucketSpec.KIND, "uploads",
                new BucketSpec("acme-uploads", true, null, null, null, null, Map.of(), null));
        ObservedResource foreign = ObservedResource.foreign(bucket.key(), "acme-uploads", Map.of());
        ObservedResource foreignUndeclared = ObservedResource.foreign(ResourceKey.of(BucketSpec.KIND, "other"), "other", Map.of());

        Plan plan = planner.plan(environment(true), List.of(bucket), observed(foreign, foreignUndeclared));

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.CONFLICT);
            assertThat(change.action().executable()).isFalse();
            assertThat(change.note()).contains("acme-uploads");
        });
    }

    @Test
    void plan_createsInDependencyOrder_whateverTheDeclarationOrder() {
        Plan plan = planner.plan(env, List.of(routes, nat, subnet, vpc), ObservedState.of(List.of()));

        assertThat(plan.changes()).extracting(Change::key).containsExactly(
                vpc.key(), subnet.key(), nat.key(), routes.key());
        assertThat(plan.changes()).allMatch(change -> change.action() == Action.CREATE);
    }

    @Test
    void plan_deletesInReverseDependencyOrder() {
        Plan plan = planner.plan(environment(true), List.of(),
                observed(live(vpc), live(routes), live(subnet), live(nat)));

        assertThat(plan.changes()).extracting(Change::key).containsExactly(
                routes.key(), nat.key(), subnet.key(), vpc.key());
        assertThat(plan.changes()).allMatch(change -> change.action() == Action.DELETE);
    }

    private static Environment environment(boolean prune) {
        return new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, prune, Map.of("team", "platform"));
    }

    private static Resource vpc(Management management) {
        return resource(VpcSpec.KIND, "main", new VpcSpec("10.0.0.0/16", true, true, true, Map.of("tier", "network"), management));
    }

    private static Resource resource(String kind, String name, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "prod", Map.of(), spec);
    }

    /** The resource as a driver would observe it once converged. */
    private ObservedResource live(Resource resource) {
        return live(resource, Map.of(), Map.of());
    }

    /** The converged resource with some live properties and tags differing or added. */
    private ObservedResource live(Resource resource, Map<String, Object> properties, Map<String, String> tags) {
        Map<String, Object> liveProperties = new HashMap<>(resource.spec().properties());
        liveProperties.putAll(properties);
        Map<String, String> liveTags = new HashMap<>(Ownership.desiredTags(CONTROLLER, env, resource));
        liveTags.putAll(tags);
        return ObservedResource.owned(resource.key(), "id-" + resource.name(), liveProperties, liveTags, null);
    }

    private static ObservedState observed(ObservedResource... resources) {
        return ObservedState.of(List.of(resources));
    }
}
