package dev.converge.crash;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsSettings;
import dev.converge.aws.Drivers;
import dev.converge.engine.PassGuards;
import dev.converge.engine.PassReport;
import dev.converge.engine.Reconciler;
import dev.converge.model.Environment;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Planner;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Converge as a process of its own, for {@link KillAndRestartIT}: wired like {@link Harness} (same
 * drivers, resilience, client factory and production guards) against the moto endpoint given as the first argument, it
 * runs passes over the spec given as the second until one finds nothing left to do. Every mutating AWS
 * call is echoed to stdout as {@code CALL <audit line>}, the moment it returns, so the parent can count
 * progress and choose when to kill; {@code CONVERGED} or {@code STUCK} ends the run.
 *
 * <p>Run with {@code -Dorg.jboss.logging.provider=jdk} so the audit log goes through
 * {@code java.util.logging}, where the echo is attached.
 */
public final class PassRunner {

    static final String CALL = "CALL ";
    static final String CONVERGED = "CONVERGED";
    static final String STUCK = "STUCK";
    private static final int MAX_PASSES = 6;
    /** Held so the configured logger outlives garbage collection: JUL keeps loggers only weakly. */
    private static final Logger AUDIT = Logger.getLogger("converge.audit");

    private PassRunner() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        echoAuditTo(out);
        URI endpoint = URI.create(args[0]);
        DesiredState spec = SpecLoader.load(Path.of(args[1]));
        AwsSettings settings = new AwsSettings(Optional.of(endpoint), "us-east-1", Duration.ofSeconds(60), Harness.RESILIENCE);
        var drivers = Drivers.all();
        Planner planner = new Planner(Harness.CONTROLLER, new DependencyOrder(Drivers.kindOrder(drivers)));
        // The guards production runs with: the spec only creates, so no limit needs raising.
        Reconciler reconciler = new Reconciler(
                drivers, new AwsClientFactory(settings, new SimpleMeterRegistry()), planner, Harness.CONTROLLER, 3,
                PassGuards.DEFAULTS);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean converged = true;
            for (Environment environment : spec.environments().values()) {
                PassReport report = reconciler.reconcile(environment, spec.resourcesOf(environment.name()));
                out.println("PASS " + environment.name() + " outcomes=" + report.outcomes().size() + " error=" + report.error()
                        + " remaining=" + (report.remaining() == null ? "?" : report.remaining().changes()));
                converged &= report.success() && report.remaining() != null && report.remaining().isEmpty();
            }
            if (converged) {
                out.println(CONVERGED);
                out.flush();
                System.exit(0);
            }
        }
        out.println(STUCK);
        out.flush();
        System.exit(1);
    }

    private static void echoAuditTo(PrintStream out) {
        AUDIT.setUseParentHandlers(false);
        AUDIT.setLevel(Level.INFO);
        AUDIT.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                out.println(CALL + record.getMessage());
                out.flush();
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {}
        });
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
