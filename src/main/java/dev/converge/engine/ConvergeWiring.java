package dev.converge.engine;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsSettings;
import dev.converge.aws.ResilienceSettings;
import dev.converge.aws.Drivers;
import dev.converge.engine.events.EventPlumbing;
import dev.converge.aws.ResourceDriver;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Planner;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Builds what talks to AWS, once and only when first asked: the commands that never reach AWS
 * ({@code validate}) start no emulator and build no client, while {@code plan}, {@code apply} and
 * {@code serve} share one reconciler.
 */
@ApplicationScoped
public class ConvergeWiring {

    private final ConvergeConfig config;
    private final AwsEndpoint endpoint;
    private final MeterRegistry registry;
    private final EngineMetrics metrics;
    private final AllowedAccounts accounts;
    private final EnvironmentGate gate;
    private final EnvironmentOwnership ownership;
    private final Provider<Approvals> approvals;
    private final List<ResourceDriver> drivers = Drivers.all();
    private Reconciler reconciler;
    private AwsClientFactory clientFactory;

    public ConvergeWiring(ConvergeConfig config, AwsEndpoint endpoint, MeterRegistry registry, EngineMetrics metrics,
            EnvironmentOwnership ownership, Provider<Approvals> approvals) {
        this.config = config;
        this.approvals = approvals;
        this.endpoint = endpoint;
        this.registry = registry;
        this.metrics = metrics;
        this.ownership = ownership;
        this.accounts = AllowedAccounts.of(config.aws().allowedAccounts());
        this.gate = new EnvironmentGate(config.guards().allowedEnvironments(), accounts, metrics);
    }

    /** The environments of a spec that this installation may touch; every command goes through it. */
    public EnvironmentGate gate() {
        return gate;
    }

    /** Whether this replica may change an environment now; see {@link EnvironmentOwnership}. */
    public EnvironmentOwnership ownership() {
        return ownership;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    public List<String> kinds() {
        return Drivers.kindOrder(drivers);
    }

    /** What builds each environment's AWS clients; the reconciler and the event consumers share it. */
    public synchronized AwsClientFactory clientFactory() {
        if (clientFactory == null) {
            ConvergeConfig.Aws aws = config.aws();
            AwsSettings settings = new AwsSettings(endpoint.uri(), aws.region(), aws.callTimeout(), resilience(),
                    Optional.of(aws.sourceIdentity().orElse(config.controllerName())));
            clientFactory = new AwsClientFactory(settings, registry);
        }
        return clientFactory;
    }

    public synchronized Reconciler reconciler() {
        if (reconciler == null) {
            ConvergeConfig.Aws aws = config.aws();
            Optional<URI> uri = endpoint.uri();
            AccountGuard accountGuard = AccountGuard.of(accounts, aws.requireAccountIds(), uri, aws.allowBaseCredentials());
            Planner planner = new Planner(config.controllerName(), new DependencyOrder(kinds()));
            ConvergeConfig.Guards guards = config.guards();
            reconciler = new Reconciler(drivers, clientFactory(), planner, Reconciler.Settings.of(config.controllerName())
                    .withMaxRounds(config.maxRounds())
                    .withGuards(new PassGuards(guards.maxDeleteFraction(), guards.loopThreshold(), guards.maxBackoffPasses()))
                    .withOwnership(ownership)
                    .withAccounts(accountGuard)
                    .withInternal(config.events().enabled() ? EventPlumbing::resources : environment -> List.of())
                    .withApprovals(approvals.get())
                    .withDriftListener(metrics));
        }
        return reconciler;
    }

    private ResilienceSettings resilience() {
        ConvergeConfig.Aws aws = config.aws();
        return new ResilienceSettings(aws.retry().maxAttempts(), aws.retry().initialBackoff(), aws.retry().maxBackoff(),
                aws.circuitBreaker().failureRateThreshold(), aws.circuitBreaker().waitInOpen(), aws.circuitBreaker().minimumCalls(),
                aws.rateLimit().perSecond());
    }
}
