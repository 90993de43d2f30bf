package dev.converge.engine;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsSettings;
import dev.converge.aws.Drivers;
import dev.converge.aws.ResilienceSettings;
import dev.converge.aws.ResourceDriver;
import dev.converge.local.LocalMoto;
import dev.converge.metrics.ConvergeMetrics;
import dev.converge.model.Environment;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Planner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The running controller: takes the spec in force and converges every environment, environments in
 * parallel within a bound and never two passes of one environment at once.
 */
@ApplicationScoped
public class Controller {

    private static final Logger LOG = Logger.getLogger(Controller.class);

    private final ConvergeConfig config;
    private final ConvergeMetrics metrics;
    private final MeterRegistry registry;
    private final List<ResourceDriver> drivers = Drivers.all();
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private final Map<String, PassReport> lastReports = new ConcurrentHashMap<>();
    private volatile boolean completedPass;
    private LocalMoto localMoto;
    private SpecStore specs;
    private Reconciler reconciler;
    private ExecutorService pool;

    public Controller(ConvergeConfig config, MeterRegistry registry) {
        this.config = config;
        this.metrics = new ConvergeMetrics(registry);
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        Optional<URI> endpoint = config.aws().endpoint();
        if (config.aws().localEmulator() && endpoint.isEmpty()) {
            localMoto = LocalMoto.start(Path.of("target"));
            endpoint = Optional.of(localMoto.endpoint());
            useEmulatorCredentials();
            LOG.infof("embedded default: converging %s into a local moto at %s; try `aws --endpoint-url %s ec2 describe-vpcs`",
                    config.specs().path(), localMoto.endpoint(), localMoto.endpoint());
        }
        AwsSettings settings = new AwsSettings(endpoint, config.aws().region(), config.aws().callTimeout(), resilience());
        Planner planner = new Planner(config.controllerName(), new DependencyOrder(Drivers.kindOrder(drivers)));
        reconciler = new Reconciler(drivers, new AwsClientFactory(settings, registry), planner, config.controllerName(), config.maxRounds());
        specs = new SpecStore(Path.of(config.specs().path()), metrics);
        pool = Executors.newFixedThreadPool(Math.max(1, config.maxParallelEnvironments()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (localMoto != null) {
            localMoto.close();
        }
    }

    /** One pass over every environment of the spec in force; environments already mid-pass are skipped. */
    public List<PassReport> runPasses() {
        Optional<SpecStore.Snapshot> snapshot = specs.refresh();
        if (snapshot.isEmpty()) {
            LOG.warn("no valid spec has been loaded yet; nothing to converge");
            return List.of();
        }
        List<Future<PassReport>> futures = new ArrayList<>();
        for (Environment environment : snapshot.get().state().environments().values()) {
            futures.add(pool.submit(() -> runPass(environment, snapshot.get())));
        }
        List<PassReport> reports = new ArrayList<>();
        for (Future<PassReport> future : futures) {
            try {
                PassReport report = future.get();
                if (report != null) {
                    reports.add(report);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reports;
            } catch (ExecutionException e) {
                LOG.error("pass crashed", e.getCause());
            }
        }
        completedPass = true;
        return reports;
    }

    private PassReport runPass(Environment environment, SpecStore.Snapshot snapshot) {
        ReentrantLock lock = running.computeIfAbsent(environment.name(), name -> new ReentrantLock());
        if (!lock.tryLock()) {
            LOG.infof("a pass over %s is still running; skipping this one", environment.name());
            return null;
        }
        try {
            PassReport report = reconciler.reconcile(environment, snapshot.state().resourcesOf(environment.name()));
            metrics.recordPass(report, Drivers.kindOrder(drivers));
            lastReports.put(environment.name(), report);
            LOG.infof("pass over %s (revision %s): %s, %d change(s) executed, %d resource(s) still drifted, %d ms",
                    environment.name(), snapshot.revision(), report.success() ? "success" : "error: " + report.error(),
                    report.mutations(), report.remaining() == null ? -1 : report.remaining().driftByKind().values().stream().mapToInt(Integer::intValue).sum(),
                    report.duration().toMillis());
            return report;
        } finally {
            lock.unlock();
        }
    }

    public boolean hasCompletedPass() {
        return completedPass;
    }

    public Map<String, PassReport> lastReports() {
        return Map.copyOf(lastReports);
    }

    public List<String> specErrors() {
        return specs.lastErrors();
    }

    private ResilienceSettings resilience() {
        ConvergeConfig.Aws aws = config.aws();
        return new ResilienceSettings(aws.retry().maxAttempts(), aws.retry().initialBackoff(), aws.retry().maxBackoff(),
                aws.circuitBreaker().failureRateThreshold(), aws.circuitBreaker().waitInOpen(), aws.circuitBreaker().minimumCalls(),
                aws.rateLimit().perSecond());
    }

    /** moto accepts any credentials; set dummy ones so the default chain never reaches for real ones. */
    private static void useEmulatorCredentials() {
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "converge-local");
            System.setProperty("aws.secretAccessKey", "converge-local");
        }
    }
}
