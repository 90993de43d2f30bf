package dev.converge.crash;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.Drivers;
import dev.converge.engine.Reconciler;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.Planner;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Converge wired inside a child process of a crash test, as {@link Harness} wires it (same drivers,
 * resilience, client factory and production guards) against the moto endpoint the parent names; every
 * mutating AWS call is echoed to stdout as {@code CALL <audit line>} the moment it returns, so the parent
 * can count progress and choose when to kill.
 *
 * <p>Run the child with {@code -Dorg.jboss.logging.provider=jdk} so the audit log goes through
 * {@code java.util.logging}, where the echo is attached.
 */
final class ChildConverge {

    static final String CALL = "CALL ";
    /** Held so the configured logger outlives garbage collection: JUL keeps loggers only weakly. */
    private static final Logger AUDIT = Logger.getLogger("converge.audit");

    private ChildConverge() {}

    /** @param internal what Converge declares for itself in an environment (its event rule and queues, when on) */
    static Reconciler reconciler(URI endpoint, Function<Environment, List<Resource>> internal) {
        var drivers = Drivers.all();
        Planner planner = new Planner(Harness.CONTROLLER, new DependencyOrder(Drivers.kindOrder(drivers)));
        return new Reconciler(drivers, new AwsClientFactory(Harness.settings(endpoint), new SimpleMeterRegistry()), planner,
                Reconciler.Settings.of(Harness.CONTROLLER).withInternal(internal));
    }

    /** A child JVM running {@code main} with the test's classpath; its stderr goes to {@code stderr}. */
    static Process start(Class<?> main, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Dorg.jboss.logging.provider=jdk",
                "-Daws.accessKeyId=converge-test",
                "-Daws.secretAccessKey=converge-test",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    static void echoAuditTo(PrintStream out) {
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
