package dev.converge.engine;

import dev.converge.aws.AuditScope;
import dev.converge.aws.AwsFailures;
import dev.converge.aws.DriverContext;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.Waiting;
import dev.converge.model.KindSpec;
import dev.converge.model.Reference;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Carries out a plan's executable steps in order through the drivers. A failing step fails only itself;
 * the steps that need it, or need a resource that is held back, waits on AWS or is in conflict, are
 * skipped as waiting on it, and independent steps still run ("as complete as possible").
 */
public final class Executor {

    private static final Logger LOG = Logger.getLogger(Executor.class);

    private final Map<String, ResourceDriver> drivers;
    private final List<String> kindRank;
    private final EnvironmentOwnership ownership;

    /** @param drivers by kind, from the kinds nothing depends on to the ones created last */
    public Executor(Map<String, ResourceDriver> drivers, EnvironmentOwnership ownership) {
        this.drivers = drivers;
        this.kindRank = List.copyOf(drivers.keySet());
        this.ownership = ownership;
    }

    /**
     * Carries out the plan's executable steps but those of {@code blocked} and {@code notNow}; a step
     * that needs a blocked resource is skipped as waiting on it.
     *
     * @param blocked resources that cannot be used now, each with why (", which failed", ...)
     * @param notNow resources whose own step waits, while steps that need them may go ahead (a resource
     *     created earlier in the pass that AWS does not list yet)
     */
    public List<Outcome> execute(Plan plan, DriverContext context, Map<ResourceKey, String> blocked, Set<ResourceKey> notNow) {
        return execute(plan, context, blocked, notNow, Map.of());
    }

    /** @param causes who changed the resources events named, for the audit line of the steps that undo it */
    public List<Outcome> execute(Plan plan, DriverContext context, Map<ResourceKey, String> blocked, Set<ResourceKey> notNow,
            Map<ResourceKey, Attribution> causes) {
        Map<ResourceKey, String> unavailable = new HashMap<>(blocked);
        Map<ResourceKey, Action> actions = new HashMap<>();
        plan.changes().forEach(c -> actions.put(c.key(), c.action()));
        List<Outcome> outcomes = new ArrayList<>();
        for (Change change : plan.executable()) {
            if (blocked.containsKey(change.key()) || notNow.contains(change.key())) {
                continue;
            }
            Optional<ResourceKey> blocker = blocker(change, unavailable, actions);
            if (blocker.isPresent()) {
                String reason = "waiting on " + blocker.get() + unavailable.get(blocker.get());
                unavailable.put(change.key(), ", which is " + reason);
                outcomes.add(Outcome.skipped(change, reason));
                continue;
            }
            if (!ownership.mayMutate(plan.environment())) {
                outcomes.add(Outcome.skipped(change, "not the owner of environment " + plan.environment()));
                continue;
            }
            Outcome outcome = apply(change, context, causes.get(change.key()));
            switch (outcome.result()) {
                case ERROR -> {
                    unavailable.put(change.key(), ", which failed");
                    LOG.warnf("%s %s %s failed: %s", plan.environment(), change.action().label(), change.key(), outcome.error());
                }
                case WAITING -> {
                    unavailable.put(change.key(), ", which AWS is still working on");
                    LOG.infof("%s %s %s waits: %s", plan.environment(), change.action().label(), change.key(), outcome.error());
                }
                default -> { }
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /**
     * What the step must wait for: a resource it refers to that cannot be used now, or, for a delete,
     * the removal of a resource of a kind that may depend on it (a subnet goes only once a NAT gateway
     * that was in it is gone).
     */
    private Optional<ResourceKey> blocker(Change change, Map<ResourceKey, String> unavailable, Map<ResourceKey, Action> actions) {
        if (change.action() == Action.DELETE) {
            int rank = rank(change.kind());
            return unavailable.keySet().stream()
                    .filter(key -> removes(actions.get(key)) && rank(key.kind()) > rank)
                    .sorted()
                    .findFirst();
        }
        if (change.desired() == null) {
            return Optional.empty();
        }
        return change.desired().references().stream()
                .filter(Reference::ordering)
                .map(Reference::target)
                .filter(unavailable::containsKey)
                .findFirst();
    }

    private static boolean removes(Action action) {
        return action == Action.DELETE || action == Action.REPLACE;
    }

    private int rank(String kind) {
        int rank = kindRank.indexOf(kind);
        return rank < 0 ? kindRank.size() : rank;
    }

    private Outcome apply(Change change, DriverContext context, Attribution cause) {
        ResourceDriver driver = drivers.get(change.kind());
        AuditScope.Step step = new AuditScope.Step(
                context.environment().name(),
                change.key().toString(),
                change.action().label(),
                change.fields().stream().map(FieldChange::toString).toList(),
                cause == null ? null : cause.fields());
        try {
            return AuditScope.run(step, () -> {
                run(driver, change, context);
                return Outcome.success(change);
            });
        } catch (Waiting e) {
            return Outcome.waiting(change, e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.error(change, AwsFailures.describe(e));
        }
    }

    /** What adopting writes: Converge's tags; the other declared fields converge once the object is owned. */
    private static List<FieldChange> tagsOf(Change change) {
        return change.fields().stream().filter(f -> f.field().equals(KindSpec.TAGS)).toList();
    }

    private static void run(ResourceDriver driver, Change change, DriverContext context) {
        switch (change.action()) {
            case CREATE -> context.recordCreated(change.key(), driver.create(change.desired(), context));
            case UPDATE -> driver.update(change.desired(), change.observed(), change.fields(), context);
            case REPLACE -> context.recordCreated(change.key(), driver.replace(change.desired(), change.observed(), context));
            case DELETE -> driver.delete(change.observed(), context);
            case ADOPT -> {
                driver.update(change.desired(), change.observed(), tagsOf(change), context);
                context.recordCreated(change.key(), change.observed().awsId());
            }
            default -> throw new IllegalStateException(change.action() + " is not executable");
        }
    }
}
