package dev.converge.engine;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.aws.DriverContext;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Change;
import dev.converge.plan.DeleteGuard;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import dev.converge.plan.Plan;
import dev.converge.plan.Planner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One pass over one environment: observe everything, plan, and in enforce mode execute; then observe
 * again and repeat while steps succeed and work remains (a created security group gets its rules in
 * the second round), up to a bound. The last observation is what the pass reports as current drift.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final List<ResourceDriver> drivers;
    private final AwsClientFactory clientFactory;
    private final Planner planner;
    private final Executor executor;
    private final String controller;
    private final int maxRounds;
    private final PassGuards guards;
    private final ResourceBackoff backoff;
    private final Map<String, EnvironmentClients> clients = new ConcurrentHashMap<>();

    /** Clients are rebuilt only when what they depend on changes: not when, say, the mode does. */
    private record EnvironmentClients(String region, String roleArn, AwsClients clients) {

        boolean servesFor(Environment environment) {
            return java.util.Objects.equals(region, environment.region())
                    && java.util.Objects.equals(roleArn, environment.roleArn());
        }
    }

    public Reconciler(
            List<ResourceDriver> drivers,
            AwsClientFactory clientFactory,
            Planner planner,
            String controller,
            int maxRounds,
            PassGuards guards) {
        this(drivers, clientFactory, planner, controller, maxRounds, guards, EnvironmentOwnership.EVERYTHING);
    }

    /** @param ownership asked before every mutating step whether this replica still owns the environment */
    public Reconciler(
            List<ResourceDriver> drivers,
            AwsClientFactory clientFactory,
            Planner planner,
            String controller,
            int maxRounds,
            PassGuards guards,
            EnvironmentOwnership ownership) {
        this.drivers = List.copyOf(drivers);
        this.clientFactory = clientFactory;
        this.planner = planner;
        this.controller = controller;
        this.maxRounds = maxRounds;
        this.guards = guards;
        this.backoff = guards.backoff();
        Map<String, ResourceDriver> byKind = new java.util.LinkedHashMap<>();
        drivers.forEach(d -> byKind.put(d.kind(), d));
        this.executor = new Executor(byKind, ownership);
    }

    public PassReport reconcile(Environment environment, List<Resource> resources) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        boolean enforcing = environment.mode() == Mode.ENFORCE;
        long pass = backoff.beginPass(environment.name());
        List<Outcome> outcomes = new ArrayList<>();
        Plan detected = null;
        Plan current = null;
        String refusal = null;
        Map<ResourceKey, ResourceBackoff.Hold> held = Map.of();
        Set<ResourceKey> failed = new HashSet<>();
        try {
            AwsClients aws = clientsFor(environment);
            AccountGuard.check(environment, aws);
            for (int round = 0; ; round++) {
                DriverContext context = observe(environment, resources, aws);
                DeleteGuard.Verdict verdict = guards.deleteGuardFor(environment).check(
                        planner.plan(environment, resources, context.observed()), managed(context.observed()));
                if (verdict.refused() && refusal == null) {
                    refusal = verdict.refusal();
                    LOG.errorf("pass over %s: %s; nothing is deleted until the spec or the limit changes", environment.name(), refusal);
                }
                if (detected == null && enforcing) {
                    held = backoff.hold(environment.name(), pass, verdict.plan().executable());
                    warnFlapping(environment, held);
                }
                current = withNotes(verdict.plan(), held);
                if (detected == null) {
                    detected = current;
                }
                Plan retryable = without(current, failed, held.keySet());
                if (!enforcing || retryable.executable().isEmpty() || round == maxRounds) {
                    break;
                }
                List<Outcome> executed = executor.execute(retryable, context);
                outcomes.addAll(executed);
                executed.stream()
                        .filter(o -> o.result() != Outcome.Result.SUCCESS)
                        .forEach(o -> failed.add(o.change().key()));
                if (executed.stream().noneMatch(o -> o.result() == Outcome.Result.SUCCESS)) {
                    break;
                }
            }
            backoff.record(environment.name(), pass, outcomes);
            return new PassReport(environment.name(), started, since(start), detected, current, outcomes, refusal,
                    backoff.flapping(environment.name()));
        } catch (RuntimeException e) {
            LOG.errorf("pass over %s failed: %s", environment.name(), e.getMessage());
            return new PassReport(environment.name(), started, since(start), detected, null, outcomes, describe(e));
        }
    }

    /** Only observes and plans: what {@code plan} prints and observe mode reports, deletes refused as a pass would. */
    public Plan plan(Environment environment, List<Resource> resources) {
        AwsClients aws = clientsFor(environment);
        AccountGuard.check(environment, aws);
        ObservedState observed = observe(environment, resources, aws).observed();
        return guards.deleteGuardFor(environment).check(planner.plan(environment, resources, observed), managed(observed)).plan();
    }

    /**
     * A step that failed once in this pass waits for the next pass instead of being retried round after
     * round; a resource held back by its backoff waits longer.
     */
    private static Plan without(Plan plan, Set<ResourceKey> failed, Set<ResourceKey> held) {
        return new Plan(plan.environment(), plan.changes().stream()
                .filter(c -> !failed.contains(c.key()) && !held.contains(c.key()))
                .toList());
    }

    /** Held-back steps stay in the reported plan, saying why they were not carried out. */
    private static Plan withNotes(Plan plan, Map<ResourceKey, ResourceBackoff.Hold> held) {
        if (held.isEmpty()) {
            return plan;
        }
        return new Plan(plan.environment(), plan.changes().stream().map(c -> {
            ResourceBackoff.Hold hold = held.get(c.key());
            if (hold == null || !c.action().executable()) {
                return c;
            }
            String note = c.note() == null ? hold.note() : c.note() + "; " + hold.note();
            return new Change(c.key(), c.action(), c.fields(), c.desired(), c.observed(), note);
        }).toList());
    }

    private static void warnFlapping(Environment environment, Map<ResourceKey, ResourceBackoff.Hold> held) {
        held.forEach((key, hold) -> {
            if (hold.flapping()) {
                LOG.warnf("%s %s keeps needing the same change; %s", environment.name(), key, hold.note());
            }
        });
    }

    private static int managed(ObservedState observed) {
        return (int) observed.all().stream().filter(ObservedResource::owned).count();
    }

    private DriverContext observe(Environment environment, List<Resource> resources, AwsClients aws) {
        DriverContext context = new DriverContext(environment, controller, aws, new ObservedState());
        for (ResourceDriver driver : drivers) {
            List<Resource> declared = resources.stream().filter(r -> r.kind().equals(driver.kind())).toList();
            context.observed().addAll(driver.observe(declared, context));
        }
        return context;
    }

    private AwsClients clientsFor(Environment environment) {
        EnvironmentClients entry = clients.compute(environment.name(), (name, existing) -> {
            if (existing != null && existing.servesFor(environment)) {
                return existing;
            }
            if (existing != null) {
                existing.clients().close();
            }
            return new EnvironmentClients(environment.region(), environment.roleArn(), clientFactory.clientsFor(environment));
        });
        return entry.clients();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
