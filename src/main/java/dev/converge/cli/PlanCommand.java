package dev.converge.cli;

import dev.converge.aws.AwsFailures;
import dev.converge.engine.ConvergeWiring;
import dev.converge.engine.Reconciler;
import dev.converge.model.Environment;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanJson;
import dev.converge.plan.PlanRenderer;
import dev.converge.plan.PlanSummary;
import dev.converge.plan.UnmanagedReport;
import dev.converge.spec.DesiredState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Observes live AWS and prints what a pass would do; changes nothing. Its exit code gates merges. */
@Command(name = "plan", description = {
        "Observe AWS and show what a pass would change; changes nothing.",
        "Exit 0 when AWS matches the spec, 2 when there are changes or reports, 1 on error."})
public class PlanCommand implements Callable<Integer> {

    enum Output {
        TEXT,
        JSON
    }

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "spec files or directories (default: converge.specs.path)")
    List<Path> paths;

    @Option(names = "--environment", paramLabel = "NAME", description = "plan only this environment")
    String environment;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json")
    Output output;

    @Option(names = "--unmanaged", description = "also list what no spec describes: objects of the managed kinds in the"
            + " environments' VPCs and buckets following their bucketNames patterns, without Converge tags (costs reads)")
    boolean unmanaged;

    @Spec
    CommandSpec spec;

    private final SpecInput input;
    private final ConvergeWiring wiring;

    public PlanCommand(SpecInput input, ConvergeWiring wiring) {
        this.input = input;
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        Optional<DesiredState> state = input.load(paths, spec.commandLine().getErr());
        if (state.isEmpty()) {
            return ExitCodes.ERROR;
        }
        List<Plan> plans = new ArrayList<>();
        Map<String, UnmanagedReport> reports = new LinkedHashMap<>();
        for (Environment selected : wiring.gate().admit(SpecInput.select(state.get(), environment, spec))) {
            try {
                Reconciler.Planned planned = wiring.reconciler().plan(selected, state.get().resourcesOf(selected.name()), unmanaged);
                plans.add(planned.plan());
                if (planned.unmanaged() != null) {
                    reports.put(selected.name(), planned.unmanaged());
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("environment " + selected.name() + ": " + AwsFailures.describe(e), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.JSON) {
            out.print(PlanJson.render(plans, reports));
        } else {
            PlanRenderer renderer = new PlanRenderer(Terminal.colour());
            out.print(renderer.render(plans));
            reports.forEach((name, report) -> out.print("\n" + renderer.unmanaged(name, report).stripTrailing() + "\n"));
        }
        out.flush();
        return PlanSummary.of(plans).isEmpty() ? ExitCodes.OK : ExitCodes.CHANGES;
    }
}
