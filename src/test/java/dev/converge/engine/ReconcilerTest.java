package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.aws.AwsSettings;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Planner;
import dev.converge.plan.RegionOffer;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a pass does across its rounds and passes, against drivers that hold their AWS in memory: the
 * engine's judgement, without AWS. The clients point at a closed port and are never called.
 */
class ReconcilerTest {

    private static final String CONTROLLER = "converge";
    private static final ResourceKey VPC = ResourceKey.of(VpcSpec.KIND, "main");
    private static final ResourceKey SUBNET = ResourceKey.of(SubnetSpec.KIND, "app-a");

    private final StubDriver vpcs = new StubDriver(VpcSpec.KIND);
    private final StubDriver subnets = new StubDriver(SubnetSpec.KIND);
    private final Resource vpc = new Resource(VPC, "prod", Map.of(),
            new VpcSpec("10.0.0.0/16", true, true, false, Map.of(), Management.DEFAULT));
    private final Resource subnet = new Resource(SUBNET, "prod", Map.of(),
            new SubnetSpec("main", "us-east-1a", "10.0.1.0/24", false, Map.of(), null));

    @Test
    void aResourceCreatedEarlierInThePass_isNotCreatedAgain_whileAwsDoesNotListItYet() {
        vpcs.lag = 10;
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);

        PassReport report = reconciler.reconcile(environment(false), List.of(vpc, subnet));

        assertThat(vpcs.count("create Vpc/main")).as(vpcs.calls.toString()).isEqualTo(1);
        assertThat(subnets.count("create Subnet/app-a")).as("the subnet refers to the VPC by the id its create returned")
                .isEqualTo(1);
        assertThat(change(report, VPC)).hasValueSatisfying(c -> {
            assertThat(c.action()).isEqualTo(Action.CREATE);
            assertThat(c.note()).isEqualTo("created as vpc-1 earlier in this pass; waiting for AWS to list it");
        });
        assertThat(report.success()).isTrue();
    }

    @Test
    void aChangeAwsAcceptsButReadsBackDifferently_isSentOncePerPass_reportedAsNotConverging_andThenBackedOff() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        vpcs.stored.get(0).properties.put("enableDnsHostnames", false);
        vpcs.readBack = written -> {
            Map<String, Object> stored = new HashMap<>(written);
            stored.replace("enableDnsHostnames", false);
            return stored;
        };
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);

        PassReport first = reconciler.reconcile(environment(false), List.of(vpc));

        assertThat(vpcs.count("update Vpc/main")).isEqualTo(1);
        assertThat(change(first, VPC)).hasValueSatisfying(c -> assertThat(c.note()).isEqualTo(
                "not converging: AWS accepted the change but reads back something else"
                        + " (enableDnsHostnames: declared true, AWS reads back false); it is not sent again in this pass"));
        reconciler.reconcile(environment(false), List.of(vpc));
        PassReport third = reconciler.reconcile(environment(false), List.of(vpc));

        assertThat(third.flapping()).as("the loop breaker takes it from there").containsExactly(VPC);
        assertThat(vpcs.count("update Vpc/main")).isEqualTo(2);
    }

    @Test
    void aResourceAwsIsStillWorkingOn_isNeverFlaggedAsFlapping_andKeepsGettingItsStep() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        vpcs.stored.get(0).properties.put("enableDnsHostnames", false);
        vpcs.readBack = written -> Map.of();
        vpcs.progress = "rolling: 3 of 10 instances still on an older version";
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);

        for (int pass = 1; pass <= 6; pass++) {
            PassReport report = reconciler.reconcile(environment(false), List.of(vpc));
            assertThat(report.flapping()).as("pass %d", pass).isEmpty();
            assertThat(change(report, VPC)).hasValueSatisfying(c -> assertThat(c.note())
                    .isEqualTo("in progress: rolling: 3 of 10 instances still on an older version"));
        }
        assertThat(vpcs.count("update Vpc/main")).as("a step in every round of every pass").isEqualTo(6 * 3);
    }

    @Test
    void aResourceWhoseDependencyFailedOrIsHeldBack_isSkippedAsWaitingOnIt_andNotBackedOffItself() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        vpcs.stored.get(0).properties.put("enableDnsHostnames", false);
        vpcs.failure = new IllegalStateException("AccessDenied");
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);
        Resource dependent = subnet;

        PassReport failed = reconciler.reconcile(environment(false), List.of(vpc, dependent));
        PassReport held = reconciler.reconcile(environment(false), List.of(vpc, dependent));

        assertThat(outcome(failed, SUBNET)).hasValueSatisfying(o -> {
            assertThat(o.result()).isEqualTo(Outcome.Result.SKIPPED);
            assertThat(o.error()).isEqualTo("waiting on Vpc/main, which failed");
        });
        assertThat(outcome(held, VPC)).as("held back by its backoff").isEmpty();
        assertThat(outcome(held, SUBNET)).hasValueSatisfying(o -> {
            assertThat(o.result()).isEqualTo(Outcome.Result.SKIPPED);
            assertThat(o.error()).startsWith("waiting on Vpc/main, which is backed off until pass 3");
        });
        assertThat(held.success()).as("nothing failed in this pass").isTrue();
        assertThat(subnets.calls).as("never attempted").isEmpty();

        vpcs.failure = null;
        reconciler.reconcile(environment(false), List.of(vpc, dependent));

        assertThat(subnets.count("create Subnet/app-a")).as("its skips were no strikes of its own").isEqualTo(1);
    }

    @Test
    void twins_areAConflictNamingEveryId_neverChangedDeletedOrReferredTo_evenWithPrune() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        vpcs.put(vpc, "vpc-2", tags(vpc));
        vpcs.stored.forEach(s -> s.properties.put("enableDnsHostnames", false));
        Resource other = new Resource(ResourceKey.of(VpcSpec.KIND, "old"), "prod", Map.of(),
                new VpcSpec("10.9.0.0/16", true, true, false, Map.of(), Management.DEFAULT));
        vpcs.put(other, "vpc-3", tags(other));
        vpcs.put(other, "vpc-4", tags(other));
        Reconciler reconciler = reconciler(new PassGuards(1, 3, 16));

        PassReport report = reconciler.reconcile(environment(true), List.of(vpc, subnet));

        assertThat(change(report, VPC)).hasValueSatisfying(c -> {
            assertThat(c.action()).isEqualTo(Action.CONFLICT);
            assertThat(c.note()).contains("vpc-1, vpc-2");
        });
        assertThat(change(report, other.key())).hasValueSatisfying(c -> {
            assertThat(c.action()).as("left the spec with prune on, and still not deleted").isEqualTo(Action.CONFLICT);
            assertThat(c.note()).contains("vpc-3, vpc-4");
        });
        assertThat(vpcs.calls).isEmpty();
        assertThat(outcome(report, SUBNET)).hasValueSatisfying(o ->
                assertThat(o.error()).isEqualTo("waiting on Vpc/main, whose identity is in conflict"));
        assertThat(subnets.calls).isEmpty();
        assertThat(report.remaining().conflictsByKind()).containsEntry(VpcSpec.KIND, 2);
    }

    @Test
    void aDeleteThatWaitsOnAws_isNoFailure_andWhatItIsInWaitsForIt() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        subnets.put(subnet, "subnet-1", tags(subnet));
        subnets.deleteWaits = "subnet-1 is deleting";
        Reconciler reconciler = reconciler(new PassGuards(1, 3, 16));

        PassReport report = reconciler.reconcile(environment(true), List.of());

        assertThat(outcome(report, SUBNET)).hasValueSatisfying(o -> {
            assertThat(o.result()).isEqualTo(Outcome.Result.WAITING);
            assertThat(o.error()).isEqualTo("subnet-1 is deleting");
        });
        assertThat(outcome(report, VPC)).hasValueSatisfying(o -> {
            assertThat(o.result()).isEqualTo(Outcome.Result.SKIPPED);
            assertThat(o.error()).isEqualTo("waiting on Subnet/app-a, which AWS is still working on");
        });
        assertThat(vpcs.calls).isEmpty();
        assertThat(subnets.count("delete Subnet/app-a")).as("not again in later rounds").isEqualTo(1);
        assertThat(report.success()).isTrue();

        subnets.deleteWaits = null;
        reconciler.reconcile(environment(true), List.of());

        assertThat(vpcs.stored).isEmpty();
        assertThat(subnets.stored).isEmpty();
    }

    @Test
    void afterARoundOfChanges_onlyTheKindsFromTheFirstOneChangedOnAreReadAgain() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        subnets.put(subnet, "subnet-1", tags(subnet));
        subnets.stored.get(0).properties.put(SubnetSpec.PUBLIC, true);
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);

        PassReport report = reconciler.reconcile(environment(false), List.of(vpc, subnet));

        assertThat(subnets.count("update Subnet/app-a")).isEqualTo(1);
        assertThat(subnets.observations).as("read again to see what the update left").isEqualTo(2);
        assertThat(vpcs.observations).as("no step changed a VPC").isEqualTo(1);
        assertThat(report.remaining().executable()).isEmpty();
    }

    @Test
    void aPassThatFindsNothingToChange_observesOnce() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        subnets.put(subnet, "subnet-1", tags(subnet));

        reconciler(PassGuards.DEFAULTS).reconcile(environment(false), List.of(vpc, subnet));

        assertThat(vpcs.observations).isEqualTo(1);
        assertThat(subnets.observations).isEqualTo(1);
    }

    @Test
    void aKindThatCannotBeObserved_isLeftAlone_whileTheOthersConverge_andThePassNamesIt() {
        subnets.observeFailure = new IllegalStateException("DescribeSubnets: Read timed out");
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);

        PassReport report = reconciler.reconcile(environment(true), List.of(vpc, subnet));

        assertThat(vpcs.count("create Vpc/main")).isEqualTo(1);
        assertThat(subnets.calls).as("nothing is created where nobody knows what exists").isEmpty();
        assertThat(report.success()).isFalse();
        assertThat(report.error())
                .isEqualTo("could not observe Subnet (DescribeSubnets: Read timed out); the other kinds were converged");
        assertThat(report.remaining()).as("what is now cannot be told").isNull();

        subnets.observeFailure = null;
        PassReport next = reconciler.reconcile(environment(true), List.of(vpc, subnet));

        assertThat(next.success()).isTrue();
        assertThat(vpcs.count("create Vpc/main")).as("the progress of the failed pass is kept").isEqualTo(1);
        assertThat(subnets.count("create Subnet/app-a")).isEqualTo(1);
    }

    @Test
    void aResourceReferringToAKindThatCannotBeObserved_isNotChanged_andSaysWhy() {
        vpcs.observeFailure = new IllegalStateException("DescribeVpcs: Read timed out");
        Reconciler reconciler = reconciler(PassGuards.DEFAULTS);

        PassReport report = reconciler.reconcile(environment(true), List.of(vpc, subnet));

        assertThat(vpcs.calls).isEmpty();
        assertThat(subnets.calls).isEmpty();
        assertThat(report.detected().changes()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo(SUBNET);
            assertThat(c.note()).isEqualTo("waits for Vpc/main; Vpc could not be observed: DescribeVpcs: Read timed out");
        });
    }

    @Test
    void theDriftAPassFinds_isToldBeforeThePassRepairsIt() {
        vpcs.put(vpc, "vpc-1", tags(vpc));
        vpcs.stored.get(0).properties.put("enableDnsHostnames", false);
        List<String> told = new ArrayList<>();
        Reconciler reconciler = new Reconciler(List.of(vpcs, subnets), clientFactory(), planner(), settings(PassGuards.DEFAULTS)
                .withDriftListener((environment, detected) ->
                        told.add(environment + " " + detected.driftByKind() + " after " + vpcs.calls.size() + " write(s)")));

        PassReport report = reconciler.reconcile(environment(false), List.of(vpc));

        assertThat(told).containsExactly("prod {Vpc=1} after 0 write(s)");
        assertThat(vpcs.count("update Vpc/main")).isEqualTo(1);
        assertThat(report.remaining().driftByKind()).doesNotContainKey(VpcSpec.KIND);
    }

    private Reconciler reconciler(PassGuards guards) {
        return new Reconciler(List.of(vpcs, subnets), clientFactory(), planner(), settings(guards));
    }

    private static AwsClientFactory clientFactory() {
        AwsSettings nowhere = new AwsSettings(Optional.of(URI.create("http://127.0.0.1:9")), "us-east-1",
                Duration.ofSeconds(1), Harness.RESILIENCE);
        return new AwsClientFactory(nowhere, new SimpleMeterRegistry());
    }

    private static Planner planner() {
        return new Planner(CONTROLLER, new DependencyOrder(List.of(VpcSpec.KIND, SubnetSpec.KIND)));
    }

    private static Reconciler.Settings settings(PassGuards guards) {
        return Reconciler.Settings.of(CONTROLLER).withGuards(guards).withOfferings(ReconcilerTest::nothingKnown);
    }

    /** The stub drivers reach no AWS, so neither does the region check: it learns nothing and refuses nothing. */
    private static RegionOffer nothingKnown(Environment environment, AwsClients aws, RegionOffer.Wanted wanted) {
        return new RegionOffer(environment.region(), Optional.empty(), Map.of());
    }

    private static Environment environment(boolean prune) {
        return new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, prune, Map.of());
    }

    private static Map<String, String> tags(Resource resource) {
        return Ownership.desiredTags(CONTROLLER, environment(false), resource);
    }

    private static Optional<Change> change(PassReport report, ResourceKey key) {
        return report.remaining().changes().stream().filter(c -> c.key().equals(key)).findFirst();
    }

    private static Optional<Outcome> outcome(PassReport report, ResourceKey key) {
        return report.outcomes().stream().filter(o -> o.change().key().equals(key)).findFirst();
    }
}
