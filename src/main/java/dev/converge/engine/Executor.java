package dev.converge.engine;

import dev.converge.aws.AuditScope;
import dev.converge.aws.DriverContext;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Reference;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Carries out a plan's executable steps in order through the drivers. A failing step fails only itself
 * and the steps that need it; independent steps still run ("as complete as possible").
 */
public final class Executor {

    private static final Logger LOG = Logger.getLogger(Executor.class);

    private final Map<String, ResourceDriver> drivers;
    private final EnvironmentOwnership ownership;

    public Executor(Map<String, ResourceDriver> drivers, EnvironmentOwnership ownership) {
        this.drivers = drivers;
        this.ownership = ownership;
    }

    public List<Outcome> execute(Plan plan, DriverContext context) {
        List<Outcome> outcomes = new ArrayList<>();
        Set<ResourceKey> failed = new HashSet<>();
        for (Change change : plan.executable()) {
            ResourceKey blocker = failedDependency(change, failed);
            if (blocker != null) {
                failed.add(change.key());
                outcomes.add(Outcome.skipped(change, "depends on " + blocker + ", which failed"));
                continue;
            }
            if (!ownership.mayMutate(plan.environment())) {
                outcomes.add(Outcome.skipped(change, "not the owner of environment " + plan.environment()));
                continue;
            }
            Outcome outcome = apply(change, context);
            if (outcome.result() != Outcome.Result.SUCCESS) {
                failed.add(change.key());
                LOG.warnf("%s %s %s failed: %s", plan.environment(), change.action().label(), change.key(), outcome.error());
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private static ResourceKey failedDependency(Change change, Set<ResourceKey> failed) {
        if (change.desired() == null) {
            return null;
        }
        return change.desired().references().stream()
                .filter(Reference::ordering)
                .map(Reference::target)
                .filter(failed::contains)
                .findFirst()
                .orElse(null);
    }

    private Outcome apply(Change change, DriverContext context) {
        ResourceDriver driver = drivers.get(change.kind());
        AuditScope.Step step = new AuditScope.Step(
                context.environment().name(),
                change.key().toString(),
                change.action().label(),
                change.fields().stream().map(FieldChange::toString).toList());
        try {
            return AuditScope.run(step, () -> {
                run(driver, change, context);
                return Outcome.success(change);
            });
        } catch (RuntimeException e) {
            return Outcome.error(change, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void run(ResourceDriver driver, Change change, DriverContext context) {
        switch (change.action()) {
            case CREATE -> context.recordCreated(change.key(), driver.create(change.desired(), context));
            case UPDATE -> driver.update(change.desired(), change.observed(), change.fields(), context);
            case REPLACE -> context.recordCreated(change.key(), driver.replace(change.desired(), change.observed(), context));
            case DELETE -> driver.delete(change.observed(), context);
            default -> throw new IllegalStateException(change.action() + " is not executable");
        }
    }
}
