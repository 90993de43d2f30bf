package dev.converge.api;

import dev.converge.engine.Controller;
import dev.converge.engine.ConvergeWiring;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassTrigger;
import dev.converge.model.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pass asked for over HTTP ({@code POST /api/passes}, the git webhook). It runs here only over the
 * environments this replica owns; the answer names, for each environment, whether it runs here and which
 * replica holds its lease, so a caller that reached a replica owning none of them (409) knows where to go.
 */
@ApplicationScoped
public class RequestedPasses {

    /**
     * Where one environment of the spec in force is converged.
     *
     * @param owner the replica holding its lease (a pod name); null without leases, or while no replica holds it
     */
    public record Placement(String name, boolean runsHere, String owner) {}

    /** The body of an accepted request: a pass that starts after it over {@code environments} that run here. */
    public record Accepted(String status, List<Placement> environments) {}

    /** The body of a request this replica cannot serve: it owns none of the environments. */
    public record NotOwner(String error, List<Placement> environments) {}

    private final Controller controller;
    private final ConvergeWiring wiring;
    private final PassTrigger trigger;

    public RequestedPasses(Controller controller, ConvergeWiring wiring, PassTrigger trigger) {
        this.controller = controller;
        this.wiring = wiring;
        this.trigger = trigger;
    }

    /** 202 with a pass requested over the environments owned here; 409 when this replica owns none of them. */
    public Response request() {
        List<Placement> placements = placements();
        if (!placements.isEmpty() && placements.stream().noneMatch(Placement::runsHere)) {
            String owners = placements.stream()
                    .map(p -> p.name() + " on " + (p.owner() == null ? "no replica right now" : p.owner()))
                    .collect(Collectors.joining(", "));
            return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                    .entity(new NotOwner("this replica owns none of the environments, so no pass runs here; their owners run them: "
                            + owners, placements))
                    .build();
        }
        trigger.request();
        return Response.accepted(new Accepted("accepted", placements)).type(MediaType.APPLICATION_JSON).build();
    }

    private List<Placement> placements() {
        EnvironmentOwnership ownership = wiring.ownership();
        return controller.spec().map(snapshot -> snapshot.state().environments().values().stream()
                .filter(wiring.gate()::allows)
                .sorted(Comparator.comparing(Environment::name))
                .map(e -> new Placement(e.name(), ownership.mayMutate(e.name()), ownership.owner(e.name()).orElse(null)))
                .toList())
                .orElse(List.of());
    }
}
