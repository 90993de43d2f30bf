package dev.converge.api;

import dev.converge.engine.Controller;
import dev.converge.engine.ConvergeConfig;
import dev.converge.engine.LastPass;
import dev.converge.engine.SpecStore;
import dev.converge.model.Environment;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Turns the controller's bookkeeping into the API's documents; reads only, never reaches AWS. */
@ApplicationScoped
public class StatusView {

    private final Controller controller;
    private final String defaultRegion;

    public StatusView(Controller controller, ConvergeConfig config) {
        this.controller = controller;
        this.defaultRegion = config.aws().region();
    }

    public List<EnvironmentStatus> environments() {
        Map<String, LastPass> passes = controller.lastPasses();
        return controller.spec().map(s -> s.state().environments().values().stream()
                        .map(e -> status(e, passes.get(e.name())))
                        .toList())
                .orElse(List.of());
    }

    public Optional<EnvironmentDetail> environment(String name) {
        return controller.spec().map(s -> s.state().environments().get(name)).map(environment -> {
            LastPass last = controller.lastPasses().get(name);
            Plan remaining = last == null ? null : last.report().remaining();
            return new EnvironmentDetail(status(environment, last),
                    changes(remaining, c -> c.action().drift()), changes(remaining, c -> c.action() == Action.ORPHAN),
                    changes(remaining, Change::awaitsApproval),
                    remaining == null ? null : PlanJson.acknowledged(remaining.acknowledged()),
                    last == null ? null : last.report().unmanaged());
        });
    }

    public SpecStatus spec() {
        String revision = controller.spec().map(SpecStore.Snapshot::revision).orElse(null);
        return new SpecStatus(revision, controller.specSource(), controller.specErrors());
    }

    private EnvironmentStatus status(Environment environment, LastPass last) {
        Plan remaining = last == null ? null : last.report().remaining();
        return new EnvironmentStatus(environment.name(),
                environment.region() == null ? defaultRegion : environment.region(),
                environment.mode().label(), environment.prune(), environment.accountId(),
                last == null ? null : PassStatus.of(last),
                remaining == null ? null : remaining.driftByKind(),
                remaining == null ? null : remaining.heldByKind(),
                remaining == null ? null : remaining.acknowledgedByKind());
    }

    private static List<PlanJson.ChangeJson> changes(Plan plan, Predicate<Change> which) {
        return plan == null ? null : PlanJson.changes(plan.changes().stream().filter(which).toList());
    }
}
