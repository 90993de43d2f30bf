package dev.converge.api;

import dev.converge.aws.AwsFailures;
import dev.converge.engine.Controller;
import dev.converge.engine.ConvergeWiring;
import dev.converge.engine.SpecStore;
import dev.converge.model.Environment;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanJson;
import dev.converge.spec.DesiredState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * The environments' status and their live plans. The status only reads Converge's own state (behind the
 * token when {@code converge.api.token-for-reads} is set); the live plan reaches AWS, so it always needs
 * the token, keeps to the allowed environments and shares its observations ({@link LivePlans}).
 */
@Path("/api/environments")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {

    private final StatusView view;
    private final Controller controller;
    private final ConvergeWiring wiring;
    private final LivePlans plans;

    public EnvironmentsResource(StatusView view, Controller controller, ConvergeWiring wiring, LivePlans plans) {
        this.view = view;
        this.controller = controller;
        this.wiring = wiring;
        this.plans = plans;
    }

    @GET
    @ReadEndpoint
    public List<EnvironmentStatus> list() {
        return view.environments();
    }

    @GET
    @ReadEndpoint
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        return view.environment(name).map(detail -> Response.ok(detail).build()).orElseGet(() -> unknown(name));
    }

    /**
     * Observes AWS (or shares a recent observation) and answers what a pass would do, exactly as
     * {@code converge plan --output json}; changes nothing. An environment off
     * {@code converge.guards.allowed-environments} is refused with 403 before any AWS client exists for it.
     */
    @GET
    @RequiresToken
    @Path("{name}/plan")
    public Response plan(@PathParam("name") String name) {
        Optional<SpecStore.Snapshot> snapshot = controller.spec();
        Optional<DesiredState> state = snapshot.map(SpecStore.Snapshot::state);
        Environment environment = state.map(s -> s.environments().get(name)).orElse(null);
        if (environment == null) {
            return unknown(name);
        }
        if (!wiring.gate().allows(environment)) {
            return ApiError.response(Response.Status.FORBIDDEN, "environment " + name
                    + " is not in converge.guards.allowed-environments, or its account not in converge.aws.allowed-accounts:"
                    + " this installation never observes it");
        }
        Plan plan;
        try {
            plan = plans.plan(name, snapshot.get().revision(),
                    () -> wiring.reconciler().plan(environment, state.get().resourcesOf(name)));
        } catch (RuntimeException e) {
            return ApiError.response(Response.Status.BAD_GATEWAY, "environment " + name + " could not be observed: " + AwsFailures.describe(e));
        }
        return Response.ok(PlanJson.render(List.of(plan))).build();
    }

    private static Response unknown(String name) {
        return ApiError.response(Response.Status.NOT_FOUND, "the spec in force has no environment named " + name);
    }
}
