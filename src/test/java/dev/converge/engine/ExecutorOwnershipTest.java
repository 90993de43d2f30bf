package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.DriverContext;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import dev.converge.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Ownership is asked before every step: a replica that loses its environment mid-plan stops at the next step. */
class ExecutorOwnershipTest {

    @Test
    void stepsAfterOwnershipIsLostAreSkippedAndNeverReachTheDriver() {
        AtomicBoolean owner = new AtomicBoolean(true);
        List<String> deleted = new ArrayList<>();
        ResourceDriver driver = new ResourceDriver() {
            @Override
            public String kind() {
                return "Bucket";
            }

            @Override
            public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
                return List.of();
            }

            @Override
            public String create(Resource resource, DriverContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(ObservedResource live, DriverContext context) {
                deleted.add("step");
                owner.set(false); // the lease is lost while this step runs
            }
        };
        Plan plan = new Plan("prod", List.of(delete("old-logs"), delete("old-uploads"), delete("old-assets")));
        Environment prod = new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, true, Map.of());

        List<Outcome> outcomes = new Executor(Map.of("Bucket", driver), environment -> owner.get())
                .execute(plan, new DriverContext(prod, "converge", null, new ObservedState()), Map.of(), java.util.Set.of());

        assertThat(deleted).hasSize(1);
        assertThat(outcomes).extracting(Outcome::result)
                .containsExactly(Outcome.Result.SUCCESS, Outcome.Result.SKIPPED, Outcome.Result.SKIPPED);
        assertThat(outcomes.get(1).error()).isEqualTo("not the owner of environment prod");
    }

    private static Change delete(String name) {
        return new Change(ResourceKey.of("Bucket", name), Action.DELETE, List.of(), null, null, "removed from the spec; prune is on");
    }
}
