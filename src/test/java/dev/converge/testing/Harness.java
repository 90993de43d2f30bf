package dev.converge.testing;

import dev.converge.aws.AccountReads;
import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.aws.AwsOperations;
import dev.converge.aws.AwsSettings;
import dev.converge.aws.Drivers;
import dev.converge.aws.ResilienceSettings;
import dev.converge.aws.ResourceDriver;
import dev.converge.engine.AccountGuard;
import dev.converge.engine.PassGuards;
import dev.converge.engine.PassReport;
import dev.converge.engine.Approvals;
import dev.converge.engine.PassScope;
import dev.converge.engine.events.EventPlumbing;
import dev.converge.engine.Reconciler;
import dev.converge.iam.IamCheck;
import dev.converge.metrics.ConvergeMetrics;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Plan;
import dev.converge.plan.Planner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Converge wired against the JVM's moto server, as the service wires it, for integration tests that
 * run passes and then read AWS state back. Each harness starts from a reset moto.
 */
public final class Harness implements AutoCloseable {

    public static final String CONTROLLER = "converge";

    /** The service's resilience layer, with backoffs short enough for tests and no pacing: moto never throttles. */
    public static final ResilienceSettings RESILIENCE =
            new ResilienceSettings(3, Duration.ofMillis(10), Duration.ofMillis(100), 50, Duration.ofSeconds(1), 10, 10_000);

    private final MeterRegistry registry;
    private final AwsClientFactory clientFactory;
    private final AwsClientFactory operatorClients;
    private final Reconciler reconciler;
    private final ConvergeMetrics metrics;
    private final List<String> kinds;
    private final Map<String, AwsClients> clients = new java.util.HashMap<>();

    /** How a harness wires Converge: defaults as the service's against the JVM's moto, changed one at a time. */
    private record Setup(List<ResourceDriver> drivers, URI endpoint, ResilienceSettings resilience, Duration callTimeout,
            MeterRegistry registry, Reconciler.Settings reconciler, boolean resetMoto) {

        static Setup defaults() {
            return new Setup(Drivers.all(), Moto.server().endpoint(), RESILIENCE, Duration.ofSeconds(60), new SimpleMeterRegistry(),
                    Reconciler.Settings.of(CONTROLLER), true);
        }

        Setup with(Reconciler.Settings reconciler) {
            return new Setup(drivers, endpoint, resilience, callTimeout, registry, reconciler, resetMoto);
        }

        Setup reaching(URI endpoint, ResilienceSettings resilience, Duration callTimeout) {
            return new Setup(drivers, endpoint, resilience, callTimeout, registry, reconciler, resetMoto);
        }

        Setup driving(List<ResourceDriver> drivers) {
            return new Setup(drivers, endpoint, resilience, callTimeout, registry, reconciler, resetMoto);
        }

        Setup recordingIn(MeterRegistry registry) {
            return new Setup(drivers, endpoint, resilience, callTimeout, registry, reconciler, resetMoto);
        }

        Setup keepingMoto() {
            return new Setup(drivers, endpoint, resilience, callTimeout, registry, reconciler, false);
        }
    }

    public Harness() {
        this(Setup.defaults());
    }

    /**
     * Passes run with the production guards, as {@code ConvergeWiring} builds them from the defaults, so
     * tests see what production sees; a test that deletes much on purpose raises its environment's
     * {@code maxDeleteFraction}, as a user would.
     */
    public Harness(List<ResourceDriver> drivers) {
        this(Setup.defaults().driving(drivers));
    }

    /** Records Converge's metrics in the given registry, e.g. a Prometheus one to scrape. */
    public Harness(MeterRegistry registry) {
        this(Setup.defaults().recordingIn(registry));
    }

    /** Passes held back by the given guards instead of the production ones. */
    public Harness(PassGuards guards) {
        this(Setup.defaults().with(Reconciler.Settings.of(CONTROLLER).withGuards(guards)));
    }

    /** Passes under the given account rules, e.g. those {@code serve} applies against real AWS. */
    public Harness(AccountGuard accounts) {
        this(Setup.defaults().with(Reconciler.Settings.of(CONTROLLER).withAccounts(accounts)));
    }

    /**
     * Converge reaching moto through {@code endpoint} (a fault-injecting proxy, say) with the given
     * resilience; the operator clients still go to moto directly.
     */
    public Harness(URI endpoint, ResilienceSettings resilience) {
        this(endpoint, resilience, Duration.ofSeconds(60));
    }

    /** As above, each call given {@code callTimeout} ({@code converge.aws.call-timeout}). */
    public Harness(URI endpoint, ResilienceSettings resilience, Duration callTimeout) {
        this(Setup.defaults().reaching(endpoint, resilience, callTimeout));
    }

    /**
     * Converge with {@code converge.events.enabled} as {@code enabled} says at each pass: while on, every
     * pass also declares its event rule and queues, as the service does after a restart with it on.
     */
    public static Harness withEvents(BooleanSupplier enabled) {
        return withEvents(Moto.server().endpoint(), RESILIENCE, enabled);
    }

    /** With events as {@code enabled} says, reaching moto through {@code endpoint} with the given resilience. */
    public static Harness withEvents(URI endpoint, ResilienceSettings resilience, BooleanSupplier enabled) {
        return new Harness(Setup.defaults().reaching(endpoint, resilience, Duration.ofSeconds(60))
                .with(Reconciler.Settings.of(CONTROLLER)
                        .withInternal(environment -> enabled.getAsBoolean() ? EventPlumbing.resources(environment) : List.of())));
    }

    /** Passes that hold the steps approval policies govern, reading and recording approvals in {@code approvals}. */
    public Harness(Approvals approvals) {
        this(Setup.defaults().with(Reconciler.Settings.of(CONTROLLER).withApprovals(approvals)));
    }

    /**
     * A new Converge over the same moto state, as after a restart or on the replica that takes over the
     * environments: nothing of this one's memory carries over but what {@code approvals} holds.
     */
    public Harness restarted(Approvals approvals) {
        return new Harness(Setup.defaults().with(Reconciler.Settings.of(CONTROLLER).withApprovals(approvals)).keepingMoto());
    }

    private Harness(Setup setup) {
        if (setup.resetMoto()) {
            Moto.server().reset();
        }
        this.registry = setup.registry();
        this.metrics = new ConvergeMetrics(registry);
        kinds = Drivers.kindOrder(setup.drivers());
        clientFactory = new AwsClientFactory(settings(setup.endpoint(), setup.resilience(), setup.callTimeout()), registry);
        operatorClients = new AwsClientFactory(settings(Moto.server().endpoint()),
                new SimpleMeterRegistry());
        Planner planner = new Planner(CONTROLLER, new DependencyOrder(kinds));
        reconciler = new Reconciler(setup.drivers(), clientFactory, planner, setup.reconciler().withDriftListener(metrics));
    }

    /** The clients' settings as the service sets them (60 s calls, the test resilience), reaching {@code endpoint}. */
    public static AwsSettings settings(URI endpoint) {
        return settings(endpoint, RESILIENCE, Duration.ofSeconds(60));
    }

    /** As the service sets them, the controller name sent as the source identity of every AssumeRole. */
    private static AwsSettings settings(URI endpoint, ResilienceSettings resilience, Duration callTimeout) {
        return new AwsSettings(Optional.of(endpoint), "us-east-1", callTimeout, resilience, Optional.of(CONTROLLER));
    }

    /** An environment in us-east-1 of moto's default account, with one default tag. */
    public static Environment environment(String name, Mode mode) {
        return new Environment(name, "us-east-1", null, null, mode, false, Map.of("team", "platform"));
    }

    /**
     * The environment with prune on and any share of it deletable in one plan: for tests that remove
     * resources from the spec on purpose, as a user raising {@code spec.maxDeleteFraction} would.
     */
    public static Environment pruning(Environment environment) {
        return new Environment(environment.name(), environment.region(), environment.accountId(), environment.roleArn(),
                environment.mode(), true, environment.tags(), 1.0);
    }

    /** One pass, recorded in the harness's metrics as the service records it. */
    public PassReport pass(Environment environment, List<Resource> resources) {
        PassReport report = reconciler.reconcile(environment, resources);
        metrics.recordPass(report, kinds);
        return report;
    }

    /** One pass of a cycle whose passes share what they read for a whole account, as the service's tick shares it. */
    public PassReport pass(Environment environment, List<Resource> resources, AccountReads cycle) {
        PassReport report = reconciler.reconcile(environment, resources, cycle);
        metrics.recordPass(report, kinds);
        return report;
    }

    /**
     * One pass over each environment, in order, as one cycle of the service: what is read for a whole
     * account is read once for all of them.
     */
    public List<PassReport> cycle(Map<Environment, List<Resource>> passes) {
        AccountReads cycle = new AccountReads();
        return passes.entrySet().stream().map(pass -> {
            PassReport report = reconciler.reconcile(pass.getKey(), pass.getValue(), cycle);
            metrics.recordPass(report, kinds);
            return report;
        }).toList();
    }

    /** A pass over the scope's kinds, as an event consumer starts it, recorded like any pass. */
    public PassReport pass(Environment environment, List<Resource> resources, PassScope scope) {
        PassReport report = reconciler.reconcile(environment, resources, new AccountReads(), scope);
        metrics.recordPass(report, kinds);
        return report;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** How long Converge's next call of {@code operation} in the environment may take. */
    public Duration callTimeout(Environment environment, String operation) {
        return clientFactory.callTimeout(environment.name(), operation);
    }

    /** Clients as Converge's own, whose calls count in its metrics (an event consumer's). */
    public AwsClients convergeClients(Environment environment) {
        return clientFactory.clientsFor(environment);
    }

    /** AWS calls of one operation made through Converge's clients since the harness started, failed ones too. */
    public long calls(String operation) {
        return (long) registry.find("converge.aws.api.calls").tag("operation", operation).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The value of a counter or gauge with the given tags (counters summed over other tags), 0 when never recorded. */
    public double metric(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        if (search.counter() != null) {
            return search.counters().stream().mapToDouble(Counter::count).sum();
        }
        if (search.functionCounter() != null) {
            return search.functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
        }
        return search.gauge() == null ? 0 : search.gauge().value();
    }

    public Plan plan(Environment environment, List<Resource> resources) {
        return reconciler.plan(environment, resources);
    }

    /** What {@code plan --unmanaged} prints: the plan and the unmanaged report. */
    public Reconciler.Planned planned(Environment environment, List<Resource> resources) {
        return reconciler.plan(environment, resources, true);
    }

    /**
     * Clients for reading state back and for making out-of-band changes, as an operator would; their
     * calls are not counted in Converge's metrics.
     */
    public AwsClients aws(Environment environment) {
        return clients.computeIfAbsent(environment.name(), name -> operatorClients.clientsFor(environment));
    }

    /** Converge's metrics as the harness records them, for wiring other parts of the service to them. */
    public ConvergeMetrics metrics() {
        return metrics;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** AWS calls that change state, made through Converge's clients since the harness started. */
    public long mutatingCalls() {
        return (long) registry.find("converge.aws.api.calls").counters().stream()
                .filter(c -> AwsOperations.isMutating(c.getId().getTag("operation")))
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Also fails the test when Converge called AWS in a way the IAM policies of {@code iam/} do not allow. */
    @Override
    public void close() {
        clients.values().forEach(AwsClients::close);
        IamCheck.assertAllowed(registry);
    }
}
