package dev.converge.engine;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsSettings;
import dev.converge.aws.ResilienceSettings;
import dev.converge.aws.Drivers;
import dev.converge.aws.ResourceDriver;
import dev.converge.local.LocalMoto;
import dev.converge.metrics.ConvergeMetrics;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Planner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds what talks to AWS, once and only when first asked: the commands that never reach AWS
 * ({@code validate}) start no emulator and build no client, while {@code plan}, {@code apply} and
 * {@code serve} share one reconciler.
 */
@ApplicationScoped
public class ConvergeWiring {

    private static final Logger LOG = Logger.getLogger(ConvergeWiring.class);

    private final ConvergeConfig config;
    private final MeterRegistry registry;
    private final ConvergeMetrics metrics;
    private final EnvironmentGate gate;
    private final EnvironmentOwnership ownership;
    private final List<ResourceDriver> drivers = Drivers.all();
    private LocalMoto localMoto;
    private Reconciler reconciler;

    public ConvergeWiring(ConvergeConfig config, MeterRegistry registry, EnvironmentOwnership ownership) {
        this.config = config;
        this.registry = registry;
        this.ownership = ownership;
        this.metrics = new ConvergeMetrics(registry);
        this.gate = new EnvironmentGate(config.guards().allowedEnvironments(), metrics);
    }

    /** The environments of a spec that this installation may touch; every command goes through it. */
    public EnvironmentGate gate() {
        return gate;
    }

    /** Whether this replica may change an environment now; see {@link EnvironmentOwnership}. */
    public EnvironmentOwnership ownership() {
        return ownership;
    }

    public ConvergeMetrics metrics() {
        return metrics;
    }

    public List<String> kinds() {
        return Drivers.kindOrder(drivers);
    }

    public synchronized Reconciler reconciler() {
        if (reconciler == null) {
            AwsSettings settings = new AwsSettings(endpoint(), config.aws().region(), config.aws().callTimeout(), resilience());
            Planner planner = new Planner(config.controllerName(), new DependencyOrder(kinds()));
            ConvergeConfig.Guards guards = config.guards();
            reconciler = new Reconciler(drivers, new AwsClientFactory(settings, registry), planner, config.controllerName(),
                    config.maxRounds(), new PassGuards(guards.maxDeleteFraction(), guards.loopThreshold(), guards.maxBackoffPasses()),
                    ownership);
        }
        return reconciler;
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (localMoto != null) {
            localMoto.close();
        }
    }

    private Optional<URI> endpoint() {
        Optional<URI> endpoint = config.aws().endpoint();
        if (!config.aws().localEmulator() || endpoint.isPresent()) {
            return endpoint;
        }
        localMoto = LocalMoto.start(Path.of("target"));
        useEmulatorCredentials();
        LOG.infof("embedded default: converging %s into a local moto at %s; try `aws --endpoint-url %s ec2 describe-vpcs`",
                config.specs().path(), localMoto.endpoint(), localMoto.endpoint());
        return Optional.of(localMoto.endpoint());
    }

    /** moto accepts any credentials; set dummy ones so the default chain never reaches for real ones. */
    private static void useEmulatorCredentials() {
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "converge-local");
            System.setProperty("aws.secretAccessKey", "converge-local");
        }
    }

    private ResilienceSettings resilience() {
        ConvergeConfig.Aws aws = config.aws();
        return new ResilienceSettings(aws.retry().maxAttempts(), aws.retry().initialBackoff(), aws.retry().maxBackoff(),
                aws.circuitBreaker().failureRateThreshold(), aws.circuitBreaker().waitInOpen(), aws.circuitBreaker().minimumCalls(),
                aws.rateLimit().perSecond());
    }
}
