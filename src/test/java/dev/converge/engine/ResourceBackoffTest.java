package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceBackoffTest {

    private static final ResourceKey GROUP = ResourceKey.of("SecurityGroup", "bastion");
    private static final ResourceKey BUCKET = ResourceKey.of("Bucket", "uploads");
    private static final Change REVOKE = update(GROUP, "ingress", "world-open");

    private final ResourceBackoff backoff = new ResourceBackoff(3, 4);

    @Test
    void theSameChangeNeededPassAfterPass_isFlaggedAtTheThreshold_andHeldFor1Then2Then4PassesUpToTheCap() {
        List<Integer> executed = new ArrayList<>();
        for (int pass = 1; pass <= 20; pass++) {
            if (runPass(List.of(REVOKE), Outcome.Result.SUCCESS).isEmpty()) {
                executed.add(pass);
            }
        }

        // held: 3 | 5, 6 | 8, 9, 10, 11 | 13-16 (capped at 4) | 18-21
        assertThat(executed).containsExactly(1, 2, 4, 7, 12, 17);
        assertThat(backoff.flapping("prod")).containsExactly(GROUP);
    }

    @Test
    void theHoldSaysUntilWhenAndWhy() {
        runPass(List.of(REVOKE), Outcome.Result.SUCCESS);
        runPass(List.of(REVOKE), Outcome.Result.SUCCESS);

        Map<ResourceKey, ResourceBackoff.Hold> held = runPass(List.of(REVOKE), Outcome.Result.SUCCESS);

        assertThat(held).containsOnlyKeys(GROUP);
        assertThat(held.get(GROUP).note()).startsWith("backed off until pass 4: the same change was needed");
    }

    @Test
    void aResourceThatConverges_isForgotten_flagAndHoldWithIt() {
        runPass(List.of(REVOKE), Outcome.Result.SUCCESS);
        runPass(List.of(REVOKE), Outcome.Result.SUCCESS);
        runPass(List.of(REVOKE), Outcome.Result.SUCCESS);
        assertThat(backoff.flapping("prod")).containsExactly(GROUP);

        runPass(List.of(), Outcome.Result.SUCCESS);

        assertThat(backoff.flapping("prod")).isEmpty();
        assertThat(runPass(List.of(REVOKE), Outcome.Result.SUCCESS)).isEmpty();
    }

    @Test
    void aDifferentChangeEachPass_isNotALoop() {
        for (int pass = 1; pass <= 6; pass++) {
            assertThat(runPass(List.of(update(GROUP, "ingress", "rule " + pass)), Outcome.Result.SUCCESS)).isEmpty();
        }
        assertThat(backoff.flapping("prod")).isEmpty();
    }

    @Test
    void aFailedStep_skipsTheNextPass_thenTwo_thenFour_whileOtherResourcesCarryOn() {
        Change versioning = update(BUCKET, "versioning", true);
        List<Integer> attempted = new ArrayList<>();
        for (int pass = 1; pass <= 12; pass++) {
            long number = backoff.beginPass("prod");
            Change other = update(GROUP, "ingress", "rule " + pass);
            Map<ResourceKey, ResourceBackoff.Hold> held = backoff.hold("prod", number, List.of(versioning, other));
            assertThat(held).doesNotContainKey(GROUP);
            List<Outcome> outcomes = new ArrayList<>(List.of(Outcome.success(other)));
            if (!held.containsKey(BUCKET)) {
                attempted.add(pass);
                outcomes.add(Outcome.error(versioning, "AccessDenied"));
            }
            backoff.record("prod", number, outcomes);
            if (pass == 2) {
                assertThat(held.get(BUCKET).note()).isEqualTo("backed off until pass 3: its last attempt failed");
            }
        }

        assertThat(attempted).containsExactly(1, 3, 6, 11);
        assertThat(backoff.flapping("prod")).as("a failing change is no loop").isEmpty();
    }

    @Test
    void aFailureFollowedBySuccess_letsTheResourceRunAgainAtOnce() {
        Change versioning = update(BUCKET, "versioning", true);
        runPass(List.of(versioning), Outcome.Result.ERROR);
        assertThat(runPass(List.of(versioning), Outcome.Result.SUCCESS)).containsOnlyKeys(BUCKET);
        assertThat(runPass(List.of(versioning), Outcome.Result.SUCCESS)).isEmpty();
        assertThat(runPass(List.of(), Outcome.Result.SUCCESS)).isEmpty();
        assertThat(runPass(List.of(versioning), Outcome.Result.SUCCESS)).isEmpty();
    }

    @Test
    void environmentsKeepTheirOwnPassesAndHolds() {
        runPass(List.of(REVOKE), Outcome.Result.ERROR);

        long dev = backoff.beginPass("dev");

        assertThat(dev).isEqualTo(1);
        assertThat(backoff.hold("dev", dev, List.of(REVOKE))).isEmpty();
    }

    @Test
    void withNoBackoffNothingIsEverHeld() {
        ResourceBackoff never = new ResourceBackoff(Integer.MAX_VALUE, 0);
        for (int pass = 1; pass <= 5; pass++) {
            long number = never.beginPass("prod");
            assertThat(never.hold("prod", number, List.of(REVOKE))).isEmpty();
            never.record("prod", number, List.of(Outcome.error(REVOKE, "boom")));
        }
    }

    /** One pass of environment prod: the needed changes, each not held one executed with the given result. */
    private Map<ResourceKey, ResourceBackoff.Hold> runPass(List<Change> needed, Outcome.Result result) {
        long pass = backoff.beginPass("prod");
        Map<ResourceKey, ResourceBackoff.Hold> held = backoff.hold("prod", pass, needed);
        backoff.record("prod", pass, needed.stream()
                .filter(c -> !held.containsKey(c.key()))
                .map(c -> new Outcome(c, result, result == Outcome.Result.SUCCESS ? null : "failed"))
                .toList());
        return held;
    }

    private static Change update(ResourceKey key, String field, Object after) {
        return new Change(key, Action.UPDATE, List.of(new FieldChange(field, null, after)), null, null, null);
    }
}
