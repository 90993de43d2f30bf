package dev.converge.crash;

import dev.converge.engine.PassReport;
import dev.converge.engine.Reconciler;
import dev.converge.model.Environment;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Converge as a process of its own, for {@link KillAndRestartIT}: wired by {@link ChildConverge} against the
 * moto endpoint given as the first argument, it runs passes over the spec given as the second until one
 * finds nothing left to do, echoing every mutating call; {@code CONVERGED} or {@code STUCK} ends the run.
 */
public final class PassRunner {

    static final String CALL = ChildConverge.CALL;
    static final String CONVERGED = "CONVERGED";
    static final String STUCK = "STUCK";
    private static final int MAX_PASSES = 6;

    private PassRunner() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        ChildConverge.echoAuditTo(out);
        DesiredState spec = SpecLoader.load(Path.of(args[1]));
        // The guards production runs with: the spec only creates, so no limit needs raising.
        Reconciler reconciler = ChildConverge.reconciler(URI.create(args[0]), environment -> List.of());
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
}
