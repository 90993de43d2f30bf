package dev.converge.engine;

import dev.converge.aws.AccountReads;
import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.aws.DriverContext;
import dev.converge.aws.RegionOfferings;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.UnmanagedScope;
import dev.converge.plan.Action;
import dev.converge.plan.Approval;
import dev.converge.plan.ApprovalGate;
import dev.converge.plan.Change;
import dev.converge.plan.DeleteGuard;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import dev.converge.plan.Plan;
import dev.converge.plan.RegionOffer;
import dev.converge.plan.Planner;
import dev.converge.plan.RegionOfferChecks;
import dev.converge.plan.UnmanagedObject;
import dev.converge.plan.UnmanagedReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One pass over one environment: observe everything, plan, and in enforce mode execute; then observe
 * again and repeat while steps succeed and work remains (a created security group gets its rules in
 * the second round), up to a bound. The last observation is what the pass reports as current drift.
 * The rounds of a pass share what they did: ids created in an earlier round, which steps succeeded,
 * failed or wait, so a lagging listing never leads to a second create and a step AWS accepted but
 * reads back differently is not sent again in the same pass.
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
    private final AccountGuard accounts;
    private final RegionLookup offerings;
    private final Approvals approvals;
    private final DriftListener drift;
    private final Map<String, EnvironmentClients> clients = new ConcurrentHashMap<>();
    /** What Converge declares for itself in each environment (its event rule and queues), besides the spec. */
    private final Function<Environment, List<Resource>> internal;
    /** Each environment's last complete observation, from which a limited pass takes the kinds it does not read. */
    private final Map<String, ObservedState> lastObserved = new ConcurrentHashMap<>();
    /** Per environment, who made the drift events revealed, kept while the drift lasts (in observe mode, until someone fixes it). */
    private final Map<String, Map<ResourceKey, Attribution>> openCauses = new ConcurrentHashMap<>();

    /** Clients are rebuilt only when what they depend on changes: not when, say, the mode does. */
    private record EnvironmentClients(String region, String roleArn, String externalId, AwsClients clients) {

        boolean servesFor(Environment environment) {
            return Objects.equals(region, environment.region())
                    && Objects.equals(roleArn, environment.roleArn())
                    && Objects.equals(externalId, environment.externalId());
        }
    }

    /**
     * How passes run, besides the drivers and the clients: defaults as the service's, changed one at a time.
     *
     * @param maxRounds the most observe-plan-execute rounds of one pass
     * @param ownership asked before every mutating step whether this replica still owns the environment
     * @param accounts which accounts may be touched, asked before every pass and plan
     * @param offerings what each environment's region offers, asked before every pass and plan
     * @param internal what Converge declares for itself in an environment, planned with the spec's resources
     * @param approvals where the steps an approval policy governs are recorded and their approvals read
     * @param drift told of the drift each pass finds as soon as it has planned, before it converges it
     */
    public record Settings(String controller, int maxRounds, PassGuards guards, EnvironmentOwnership ownership, AccountGuard accounts,
            RegionLookup offerings, Function<Environment, List<Resource>> internal, Approvals approvals, DriftListener drift) {

        public static final int DEFAULT_MAX_ROUNDS = 3;

        /**
         * Three rounds, the production guards, every environment owned, any account, regions as AWS describes
         * them, nothing internal, no one told of drift.
         */
        public static Settings of(String controller) {
            return new Settings(controller, DEFAULT_MAX_ROUNDS, PassGuards.DEFAULTS, EnvironmentOwnership.EVERYTHING, AccountGuard.LENIENT,
                    new RegionOfferings()::offer, environment -> List.of(), Approvals.NONE, DriftListener.NONE);
        }

        public Settings withMaxRounds(int maxRounds) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withGuards(PassGuards guards) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withOwnership(EnvironmentOwnership ownership) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withAccounts(AccountGuard accounts) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withOfferings(RegionLookup offerings) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withInternal(Function<Environment, List<Resource>> internal) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withApprovals(Approvals approvals) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }

        public Settings withDriftListener(DriftListener drift) {
            return new Settings(controller, maxRounds, guards, ownership, accounts, offerings, internal, approvals, drift);
        }
    }

    public Reconciler(List<ResourceDriver> drivers, AwsClientFactory clientFactory, Planner planner, Settings settings) {
        this.internal = settings.internal();
        this.offerings = settings.offerings();
        this.approvals = settings.approvals();
        this.drift = settings.drift();
        this.drivers = List.copyOf(drivers);
        this.clientFactory = clientFactory;
        this.planner = planner;
        this.controller = settings.controller();
        this.maxRounds = settings.maxRounds();
        this.guards = settings.guards();
        this.backoff = guards.backoff();
        this.accounts = settings.accounts();
        Map<String, ResourceDriver> byKind = new LinkedHashMap<>();
        drivers.forEach(d -> byKind.put(d.kind(), d));
        this.executor = new Executor(byKind, settings.ownership());
    }

    /** A pass on its own: a cycle of one, reading everything afresh. */
    public PassReport reconcile(Environment environment, List<Resource> resources) {
        return reconcile(environment, resources, new AccountReads());
    }

    /** @param cycle what the other passes of this cycle have read for the whole account, shared with them */
    public PassReport reconcile(Environment environment, List<Resource> resources, AccountReads cycle) {
        return reconcile(environment, resources, cycle, PassScope.EVERYTHING);
    }

    /**
     * A pass over the scope's kinds only, the others as the last complete observation left them (all of
     * them read when there is none yet): what an event starts.
     */
    public PassReport reconcile(Environment environment, List<Resource> spec, AccountReads cycle, PassScope scope) {
        List<Resource> resources = withInternal(environment, spec);
        ObservedState before = scope.limited() ? lastObserved.get(environment.name()) : null;
        Map<ResourceKey, Attribution> causes = new HashMap<>(openCauses.getOrDefault(environment.name(), Map.of()));
        causes.putAll(scope.causes());
        Instant started = Instant.now();
        long start = System.nanoTime();
        boolean enforcing = environment.mode() == Mode.ENFORCE;
        long pass = backoff.beginPass(environment.name());
        List<Outcome> outcomes = new ArrayList<>();
        Plan detected = null;
        Plan current = null;
        String refusal = null;
        Map<ResourceKey, ResourceBackoff.Hold> held = Map.of();
        // what earlier rounds of this pass did: a later round builds on it instead of repeating it
        Map<ResourceKey, String> created = new ConcurrentHashMap<>();
        Map<ResourceKey, Change> succeeded = new HashMap<>();
        Map<ResourceKey, String> stopped = new HashMap<>();
        Set<ResourceKey> notConverging = new HashSet<>();
        Map<String, String> unobserved = Map.of();
        Observation observation = null;
        int reobserveFrom = 0;
        Supplier<Map<String, Approval>> approved = onceAPass();
        try {
            accounts.admit(environment);
            AwsClients aws = clientsFor(environment);
            accounts.verify(environment, aws);
            Map<ResourceKey, String> refused = refusals(environment, resources, aws);
            refused.values().forEach(reason -> LOG.errorf("%s; not created or changed until the spec is fixed", reason));
            for (int round = 0; ; round++) {
                observation = observe(environment, resources, aws, created, cycle, observation, reobserveFrom,
                        before == null ? PassScope.EVERYTHING : scope, before);
                DriverContext context = observation.context();
                unobserved = observation.failedKinds();
                Map<ResourceKey, String> unreadable = unreadable(resources, unobserved);
                DeleteGuard.Verdict verdict = guarded(environment,
                        planner.plan(environment, UnobservedKinds.observable(resources, unobserved), context.observed()),
                        context.observed(), approved);
                if (verdict.refused() && refusal == null) {
                    refusal = verdict.refusal();
                    LOG.errorf("pass over %s: %s; nothing is deleted until the spec or the limit changes", environment.name(), refusal);
                }
                if (detected == null && enforcing) {
                    held = backoff.hold(environment.name(), pass, scope.restrict(verdict.plan()).executable());
                    warnFlapping(environment, held);
                    approvals.held(environment.name(), verdict.plan().changes().stream()
                            .filter(Change::awaitsApproval).toList());
                }
                Map<ResourceKey, String> waits = EarlierRounds.waits(verdict.plan(), context, succeeded);
                warnNotConverging(environment, waits, notConverging);
                current = withNotes(withNotes(withNotes(withNotes(verdict.plan(), refused), unreadable), notesOf(held)), waits);
                current = withNotes(withNotes(current, EarlierRounds.progress(current)), causeNotes(causes));
                Plan actionable = scope.restrict(current);
                if (detected == null) {
                    detected = actionable;
                    drift.detected(environment.name(), detected);
                }
                Map<ResourceKey, String> blocked = blocked(current, stopped, held, refused, unreadable);
                boolean workLeft = actionable.executable().stream()
                        .anyMatch(c -> !blocked.containsKey(c.key()) && !waits.containsKey(c.key()));
                if (!enforcing || !workLeft || round == maxRounds) {
                    break;
                }
                List<Outcome> executed = executor.execute(actionable, context, blocked, waits.keySet(), causes);
                outcomes.addAll(executed);
                executed.forEach(o -> {
                    if (o.result() == Outcome.Result.SUCCESS && o.change().approval() != null) {
                        approvals.used(environment.name(), o.change());
                    }
                    switch (o.result()) {
                        case SUCCESS -> succeeded.put(o.change().key(), o.change());
                        case ERROR -> stopped.put(o.change().key(), ", which failed");
                        case WAITING -> stopped.put(o.change().key(), ", which AWS is still working on");
                        case SKIPPED -> stopped.put(o.change().key(), ", which is " + o.error());
                    }
                });
                if (executed.stream().noneMatch(o -> o.result() == Outcome.Result.SUCCESS)) {
                    break;
                }
                reobserveFrom = firstTouched(executed);
            }
            if (enforcing) {
                outcomes.addAll(refusedSteps(detected, refused));
            }
            backoff.record(environment.name(), pass, outcomes);
            if (unobserved.isEmpty()) {
                lastObserved.put(environment.name(), observation.context().observed());
            }
            keepOpenCauses(environment, causes, current);
            if (!unobserved.isEmpty()) {
                // what could be done was; what is now cannot be told for the kinds that were not observed
                return new PassReport(environment.name(), started, since(start), detected, null, outcomes,
                        unobservedError(unobserved), backoff.flapping(environment.name()));
            }
            UnmanagedReport unmanaged = environment.unmanaged().report()
                    ? unmanaged(environment, environment.unmanaged(), observation.context())
                    : null;
            return new PassReport(environment.name(), started, since(start), detected, current, outcomes, refusal,
                    backoff.flapping(environment.name()), unmanaged, causes);
        } catch (RuntimeException e) {
            LOG.errorf("pass over %s failed: %s", environment.name(), e.getMessage());
            return new PassReport(environment.name(), started, since(start), detected, null, outcomes, describe(e));
        }
    }

    /** Only observes and plans: what {@code plan} prints and observe mode reports, deletes refused as a pass would. */
    public Plan plan(Environment environment, List<Resource> resources) {
        return plan(environment, resources, false).plan();
    }

    /** A plan and what its observation's reach holds that no spec describes. */
    public record Planned(Plan plan, UnmanagedReport unmanaged) {}

    /**
     * Like {@link #plan(Environment, List)}, with the unmanaged report when {@code unmanaged} is set,
     * whether or not the environment reports it on its passes.
     */
    public Planned plan(Environment environment, List<Resource> spec, boolean unmanaged) {
        List<Resource> resources = withInternal(environment, spec);
        accounts.admit(environment);
        AwsClients aws = clientsFor(environment);
        accounts.verify(environment, aws);
        Map<ResourceKey, String> refused = refusals(environment, resources, aws);
        Observation observation = observe(environment, resources, aws, new ConcurrentHashMap<>(), new AccountReads(), null, 0,
                PassScope.EVERYTHING, null);
        if (!observation.failedKinds().isEmpty()) {
            throw new IllegalStateException(unobservedError(observation.failedKinds()));
        }
        ObservedState observed = observation.context().observed();
        Plan plan = guarded(environment, planner.plan(environment, resources, observed), observed, onceAPass()).plan();
        UnmanagedScope scope = new UnmanagedScope(true, environment.unmanaged().bucketNames());
        return new Planned(withNotes(plan, refused), unmanaged ? unmanaged(environment, scope, observation.context()) : null);
    }

    /**
     * Asks every driver for its kind's unmanaged objects, over what the last observation holds. A kind
     * whose report fails is named in it; the pass is not failed for it, as nothing was left undone.
     */
    private UnmanagedReport unmanaged(Environment environment, UnmanagedScope scope, DriverContext context) {
        List<String> kinds = new ArrayList<>();
        List<UnmanagedObject> found = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        for (ResourceDriver driver : drivers) {
            try {
                driver.unmanaged(scope, context).ifPresent(objects -> {
                    kinds.add(driver.kind());
                    found.addAll(objects);
                });
            } catch (RuntimeException e) {
                LOG.errorf("pass over %s: cannot report unmanaged %s: %s", environment.name(), driver.kind(), describe(e));
                kinds.add(driver.kind());
                failed.put(driver.kind(), describe(e));
            }
        }
        return new UnmanagedReport(kinds, found, failed);
    }

    private List<Resource> withInternal(Environment environment, List<Resource> spec) {
        List<Resource> extra = internal.apply(environment);
        if (extra.isEmpty()) {
            return spec;
        }
        List<Resource> all = new ArrayList<>(spec);
        all.addAll(extra);
        return all;
    }

    /** The environment's last complete observation, if a pass has made one: what events are matched against. */
    public Optional<ObservedState> lastObserved(String environment) {
        return Optional.ofNullable(lastObserved.get(environment));
    }

    private static Map<ResourceKey, String> causeNotes(Map<ResourceKey, Attribution> causes) {
        Map<ResourceKey, String> notes = new HashMap<>();
        causes.forEach((key, cause) -> notes.put(key, cause.note()));
        return notes;
    }

    /** The causes of drift that is still there after the pass; those of drift corrected or gone are dropped. */
    private void keepOpenCauses(Environment environment, Map<ResourceKey, Attribution> causes, Plan current) {
        Set<ResourceKey> drifted = new HashSet<>();
        current.changes().stream().filter(c -> c.action().drift()).forEach(c -> drifted.add(c.key()));
        Map<ResourceKey, Attribution> open = new HashMap<>(causes);
        open.keySet().retainAll(drifted);
        openCauses.put(environment.name(), open);
    }

    /**
     * The plan as the guards let it through: deletes refused when too many, then the steps an approval
     * policy governs held unless approved. A refused delete is not offered for approval.
     */
    private DeleteGuard.Verdict guarded(Environment environment, Plan plan, ObservedState observed,
            Supplier<Map<String, Approval>> approved) {
        DeleteGuard.Verdict verdict = guards.deleteGuardFor(environment).check(plan, managed(observed));
        return new DeleteGuard.Verdict(ApprovalGate.apply(verdict.plan(), environment,
                id -> Optional.ofNullable(approved.get().get(id))), verdict.refusal());
    }

    /** The approvals in force, read from their store at most once a pass and only when a step needs one. */
    private Supplier<Map<String, Approval>> onceAPass() {
        AtomicReference<Map<String, Approval>> read = new AtomicReference<>();
        return () -> read.updateAndGet(inForce -> inForce != null ? inForce : approvals.inForce());
    }

    /**
     * The resources that name a zone or instance type their region does not offer the account: none of
     * their steps is carried out, and the steps that need them wait on them.
     */
    private Map<ResourceKey, String> refusals(Environment environment, List<Resource> resources, AwsClients aws) {
        RegionOffer.Wanted wanted = RegionOfferChecks.wanted(resources);
        if (wanted.nothing()) {
            return Map.of();
        }
        return RegionOfferChecks.refusals(environment, resources, offerings.offer(environment, aws, wanted));
    }

    private static List<Outcome> refusedSteps(Plan plan, Map<ResourceKey, String> refused) {
        return plan.executable().stream()
                .filter(c -> refused.containsKey(c.key()))
                .map(c -> Outcome.skipped(c, refused.get(c.key())))
                .toList();
    }

    /**
     * The resources no step of this round may use, each with why: a step that failed, waits or was
     * skipped in an earlier round waits for the next pass instead of being retried round after round; a
     * resource held back by its backoff waits longer; one in conflict, or that names what its region
     * does not offer, waits for a person.
     */
    private static Map<ResourceKey, String> blocked(
            Plan plan, Map<ResourceKey, String> stopped, Map<ResourceKey, ResourceBackoff.Hold> held,
            Map<ResourceKey, String> refused, Map<ResourceKey, String> unreadable) {
        Map<ResourceKey, String> blocked = new HashMap<>(stopped);
        refused.keySet().forEach(key -> blocked.putIfAbsent(key, ", which names what its region does not offer"));
        unreadable.keySet().forEach(key -> blocked.putIfAbsent(key, ", which could not be observed"));
        held.forEach((key, hold) -> blocked.putIfAbsent(key, ", which is " + hold.note()));
        plan.changes().stream()
                .filter(c -> c.action() == Action.CONFLICT)
                .forEach(c -> blocked.putIfAbsent(c.key(), ", whose identity is in conflict"));
        return blocked;
    }

    private static Map<ResourceKey, String> notesOf(Map<ResourceKey, ResourceBackoff.Hold> held) {
        Map<ResourceKey, String> notes = new HashMap<>();
        held.forEach((key, hold) -> notes.put(key, hold.note()));
        return notes;
    }

    /** Steps that are not carried out now stay in the reported plan, saying why. */
    private static Plan withNotes(Plan plan, Map<ResourceKey, String> notes) {
        if (notes.isEmpty()) {
            return plan;
        }
        return plan.withChanges(plan.changes().stream().map(c -> {
            String added = notes.get(c.key());
            return added == null || !c.action().executable() ? c : c.withNote(added);
        }).toList());
    }

    /** Once per pass and resource: the log line that names what AWS keeps reading back differently. */
    private static void warnNotConverging(Environment environment, Map<ResourceKey, String> waits, Set<ResourceKey> warned) {
        waits.forEach((key, note) -> {
            if (note.startsWith(EarlierRounds.NOT_CONVERGING) && warned.add(key)) {
                LOG.warnf("%s %s %s", environment.name(), key, note);
            }
        });
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

    /**
     * The resources that cannot be changed this round because a kind was not observed: those of that
     * kind, which the plan leaves out, and those that refer to them.
     */
    private static Map<ResourceKey, String> unreadable(List<Resource> resources, Map<String, String> failedKinds) {
        Map<ResourceKey, String> unreadable = new HashMap<>(UnobservedKinds.dependents(resources, failedKinds));
        resources.stream()
                .filter(r -> failedKinds.containsKey(r.kind()))
                .forEach(r -> unreadable.put(r.key(), r.kind() + " could not be observed"));
        return unreadable;
    }

    private static String unobservedError(Map<String, String> failedKinds) {
        return "could not observe " + String.join("; ", failedKinds.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList()) + "; the other kinds were converged";
    }

    /** One round's observation: every kind a driver could read, and for each it could not, why. */
    private record Observation(DriverContext context, Map<String, String> failedKinds) {}

    /**
     * The position, in observation order, of the first kind the round's steps may have changed: those
     * that reached AWS, whatever their outcome. A step changes its own kind only, and a kind's reading
     * depends on the kinds read before it (the ids it names), so the kinds before that one read the same
     * as in the round before.
     */
    private int firstTouched(List<Outcome> executed) {
        for (int i = 0; i < drivers.size(); i++) {
            String kind = drivers.get(i).kind();
            if (executed.stream().anyMatch(o -> o.result() != Outcome.Result.SKIPPED && o.change().kind().equals(kind))) {
                return i;
            }
        }
        return drivers.size();
    }

    /**
     * Reads every kind; a kind whose read fails is left out and named, so the others still converge. Kinds
     * read after it see it as absent: those of their resources that refer to it are not changed. After a
     * round of steps, the kinds before {@code reobserveFrom} keep what the round before read of them: no
     * step changed them, so reading them again would cost calls and tell nothing new. The kinds {@code kept}
     * names are taken from {@code before} (a limited pass's other kinds), or from the round before.
     */
    private Observation observe(Environment environment, List<Resource> resources, AwsClients aws,
            Map<ResourceKey, String> created, AccountReads cycle, Observation previous, int reobserveFrom,
            PassScope scope, ObservedState before) {
        DriverContext context = new DriverContext(environment, controller, aws, new ObservedState(), created, cycle);
        Map<String, String> failed = new TreeMap<>();
        for (int i = 0; i < drivers.size(); i++) {
            ResourceDriver driver = drivers.get(i);
            if (previous != null && i < reobserveFrom) {
                previous.context().observed().all().stream()
                        .filter(r -> r.key().kind().equals(driver.kind()))
                        .forEach(context.observed()::add);
                if (previous.failedKinds().containsKey(driver.kind())) {
                    failed.put(driver.kind(), previous.failedKinds().get(driver.kind()));
                }
                continue;
            }
            if (!scope.includes(driver.kind())) {
                before.all().stream().filter(r -> r.key().kind().equals(driver.kind())).forEach(context.observed()::add);
                continue;
            }
            List<Resource> declared = resources.stream().filter(r -> r.kind().equals(driver.kind())).toList();
            try {
                Optional<Set<ResourceKey>> only = scope.resourcesOf(driver.kind());
                List<Resource> some = only.map(keys -> declared.stream().filter(r -> keys.contains(r.key())).toList()).orElse(declared);
                Optional<List<ObservedResource>> part = only.flatMap(keys -> driver.observeOnly(keys, some, context));
                if (part.isPresent()) {
                    // the kind's other resources stay as the last pass saw them
                    context.observed().addAll(part.get());
                    before.all().stream().filter(r -> r.key().kind().equals(driver.kind()) && !only.get().contains(r.key()))
                            .forEach(context.observed()::add);
                } else {
                    context.observed().addAll(driver.observe(declared, context));
                }
                observeAdoptions(driver, part.isPresent() ? some : declared, context);
            } catch (RuntimeException e) {
                LOG.errorf("pass over %s: cannot observe %s: %s", environment.name(), driver.kind(), describe(e));
                failed.put(driver.kind(), describe(e));
            }
        }
        return new Observation(context, failed);
    }

    /**
     * The existing objects that declared resources adopt, read one by one for the resources no managed
     * object holds yet: once adopted, the kind's own observation finds them by their tags.
     */
    private static void observeAdoptions(ResourceDriver driver, List<Resource> declared, DriverContext context) {
        declared.stream()
                .filter(r -> r.management().adopt() != null)
                .filter(r -> context.observed().all(r.key()).stream().noneMatch(ObservedResource::owned))
                .forEach(r -> driver.observeForAdoption(r, context).ifPresent(context.observed()::addAdoptable));
    }

    private AwsClients clientsFor(Environment environment) {
        EnvironmentClients entry = clients.compute(environment.name(), (name, existing) -> {
            if (existing != null && existing.servesFor(environment)) {
                return existing;
            }
            if (existing != null) {
                existing.clients().close();
            }
            return new EnvironmentClients(environment.region(), environment.roleArn(), environment.externalId(),
                    clientFactory.clientsFor(environment));
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
