package dev.converge.cli;

import dev.converge.engine.Controller;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.Mode;
import dev.converge.plan.Change;
import dev.converge.plan.PlanRenderer;
import dev.converge.spec.DesiredState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
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

/** One pass now, as the controller would run it, printing each change with its result. */
@Command(name = "apply", description = {
        "Run one pass now: converge in enforce mode, report in observe mode.",
        "Exit 0 when every change succeeded, 1 otherwise."})
public class ApplyCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "spec files or directories (default: converge.specs.path)")
    List<Path> paths;

    @Option(names = "--environment", paramLabel = "NAME", description = "apply only this environment")
    String environment;

    @Spec
    CommandSpec spec;

    private final SpecInput input;
    private final Controller controller;

    public ApplyCommand(SpecInput input, Controller controller) {
        this.input = input;
        this.controller = controller;
    }

    @Override
    public Integer call() {
        Optional<DesiredState> state = input.load(paths, spec.commandLine().getErr());
        if (state.isEmpty()) {
            return ExitCodes.ERROR;
        }
        List<PassReport> reports = controller.converge(state.get(), SpecInput.select(state.get(), environment, spec), "cli");
        PrintWriter out = spec.commandLine().getOut();
        PlanRenderer renderer = new PlanRenderer(Terminal.colour());
        Map<Outcome.Result, Integer> counts = new EnumMap<>(Outcome.Result.class);
        for (PassReport report : reports) {
            Map<Change, String> results = results(report, state.get().environments().get(report.environment()).mode());
            if (report.error() == null || !results.isEmpty()) {
                out.print(renderer.environment(report.environment(), new ArrayList<>(results.keySet()), results::get));
            }
            if (report.error() != null) {
                out.println("Environment " + report.environment() + ": pass failed: " + report.error());
                out.println();
            }
            report.outcomes().forEach(o -> counts.merge(o.result(), 1, Integer::sum));
        }
        out.printf("Apply: %d done, %d failed, %d skipped.%n", counts.getOrDefault(Outcome.Result.SUCCESS, 0),
                counts.getOrDefault(Outcome.Result.ERROR, 0), counts.getOrDefault(Outcome.Result.SKIPPED, 0));
        out.flush();
        return reports.stream().allMatch(PassReport::success) ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /**
     * Each executed change with how it went, then what the pass left reported (blocked replacements,
     * orphans, conflicts; in observe mode, all drift).
     */
    private static Map<Change, String> results(PassReport report, Mode mode) {
        Map<Change, String> ordered = new LinkedHashMap<>();
        for (Outcome outcome : report.outcomes()) {
            ordered.put(outcome.change(), switch (outcome.result()) {
                case SUCCESS -> "done";
                case ERROR -> "failed: " + outcome.error();
                case SKIPPED -> "skipped: " + outcome.error();
                case WAITING -> "waiting: " + outcome.error();
            });
        }
        if (report.remaining() != null) {
            String why = mode == Mode.OBSERVE ? "reported (observe mode)" : "reported";
            report.remaining().changes().stream()
                    .filter(c -> mode == Mode.OBSERVE || !c.action().executable())
                    .forEach(c -> ordered.put(c, why));
        }
        return ordered;
    }
}
