package dev.converge.crash;

import dev.converge.aws.AccountReads;
import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassReport;
import dev.converge.engine.Reconciler;
import dev.converge.engine.events.EventConsumer;
import dev.converge.engine.events.EventPlumbing;
import dev.converge.metrics.EventMeters;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Converge's event consumer as a process of its own, for {@link EventKillIT}: wired by {@link ChildConverge}
 * with events on, it consumes one environment's queue with the production {@link EventConsumer} and no
 * periodic pass (as with a long interval). Arguments: the moto endpoint, the spec directory, the
 * environment, and where to stop and wait to be killed: {@code before-pass} (the batch is received, no
 * pass has run), {@code after-pass} (the pass has run, the batch is not deleted yet) or {@code none}. It
 * prints {@code HANDLING <n>} when a batch reaches the pass, {@code HANDLED outcomes=<n>} after it, and
 * {@code DRAINED} when a receive finds the queue empty after a batch, then exits.
 */
public final class EventRunner {

    static final String HANDLING = "HANDLING ";
    static final String HANDLED = "HANDLED outcomes=";
    static final String DRAINED = "DRAINED";
    /** Short, so a message the killed process received comes back within the test's patience. */
    static final Duration VISIBILITY = Duration.ofSeconds(3);

    private EventRunner() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        ChildConverge.echoAuditTo(out);
        URI endpoint = URI.create(args[0]);
        DesiredState spec = SpecLoader.load(Path.of(args[1]));
        Environment environment = spec.environments().get(args[2]);
        String hold = args[3];
        List<Resource> resources = spec.resourcesOf(environment.name());
        Reconciler reconciler = ChildConverge.reconciler(endpoint, EventPlumbing::resources);
        AwsClients clients = new AwsClientFactory(Harness.settings(endpoint), new SimpleMeterRegistry()).clientsFor(environment);
        EventConsumer.Passes passes = (name, scope) -> {
            out.println(HANDLING + scope.kinds().map(String::valueOf).orElse("every kind"));
            out.flush();
            if (hold.equals("before-pass")) {
                waitToBeKilled();
            }
            PassReport report = reconciler.reconcile(environment, resources, new AccountReads(), scope);
            out.println(HANDLED + report.outcomes().size() + " success=" + report.success());
            out.flush();
            if (hold.equals("after-pass")) {
                waitToBeKilled();
            }
            return Optional.of(report);
        };
        EventConsumer consumer = new EventConsumer(environment.name(), clients, passes, reconciler, EnvironmentOwnership.EVERYTHING,
                new EventMeters(new SimpleMeterRegistry()),
                new EventConsumer.Settings(Duration.ofSeconds(1), VISIBILITY, 500, Duration.ofMillis(200)));
        boolean handledOne = false;
        while (true) {
            int handled = consumer.handleNext();
            if (handled == 0 && handledOne) {
                out.println(DRAINED);
                out.flush();
                System.exit(0);
            }
            handledOne |= handled > 0;
        }
    }

    private static void waitToBeKilled() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
