package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.model.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteGuardTest {

    private final DeleteGuard guard = new DeleteGuard(0.25);

    @Test
    void deletesWithinTheShare_passUnchanged() {
        Plan plan = plan(delete("a"), delete("b"), update("c"));

        DeleteGuard.Verdict verdict = guard.check(plan, 8);

        assertThat(verdict.refused()).isFalse();
        assertThat(verdict.plan()).isEqualTo(plan);
    }

    @Test
    void deletesBeyondTheShare_allBecomeRefusedReports_whileOtherStepsStay() {
        Plan plan = plan(delete("a"), update("c"), delete("b"), delete("d"));

        DeleteGuard.Verdict verdict = guard.check(plan, 4);

        assertThat(verdict.refusal()).isEqualTo("refused to delete 3 of 4 managed resources (75%): more than the limit of 25%");
        assertThat(verdict.plan().changes()).extracting(c -> c.action() + " " + c.key().name())
                .containsExactly("DELETE_REFUSED a", "UPDATE c", "DELETE_REFUSED b", "DELETE_REFUSED d");
        assertThat(verdict.plan().executable()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(verdict.plan().changes().get(0).note()).isEqualTo(verdict.refusal());
        assertThat(Action.DELETE_REFUSED.drift()).isTrue();
    }

    @Test
    void replacementsCountAsDeletes_andAreRefusedWithThem() {
        DeleteGuard.Verdict verdict = guard.check(plan(delete("a"), change("b", Action.REPLACE)), 4);

        assertThat(verdict.plan().changes()).extracting(Change::action).containsOnly(Action.DELETE_REFUSED);
    }

    @Test
    void aSingleDeleteAlwaysPasses_soASmallEnvironmentCanStillPrune() {
        assertThat(guard.check(plan(delete("a")), 1).refused()).isFalse();
        assertThat(new DeleteGuard(0).check(plan(delete("a")), 10).refused()).isFalse();
    }

    @Test
    void aShareOfOneAllowsDeletingEverything_andZeroRefusesEveryBatch() {
        assertThat(new DeleteGuard(1).check(plan(delete("a"), delete("b")), 2).refused()).isFalse();
        assertThat(new DeleteGuard(0).check(plan(delete("a"), delete("b")), 100).refused()).isTrue();
    }

    @Test
    void aShareOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new DeleteGuard(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeleteGuard(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Plan plan(Change... changes) {
        return new Plan("prod", List.of(changes));
    }

    private static Change delete(String name) {
        return change(name, Action.DELETE);
    }

    private static Change update(String name) {
        return new Change(ResourceKey.of("Subnet", name), Action.UPDATE, List.of(new FieldChange("tags", null, "x")), null, null, null);
    }

    private static Change change(String name, Action action) {
        return new Change(ResourceKey.of("Subnet", name), action, List.of(), null, null, null);
    }
}
