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

/** Read-only status of the environments; no token, since nothing here changes anything or holds a secret. */
@Path("/api/environments")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {

    private final StatusView view;
    private final Controller controller;
    private final ConvergeWiring wiring;

    public EnvironmentsResource(StatusView view, Controller controller, ConvergeWiring wiring) {
        this.view = view;
        this.controller = controller;
        this.wiring = wiring;
    }

    @GET
    public List<EnvironmentStatus> list() {
        return view.environments();
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        return view.environment(name).map(detail -> Response.ok(detail).build()).orElseGet(() -> unknown(name));
    }

    /** Observes AWS now and answers what a pass would do, exactly as {@code converge plan --output json}; changes nothing. */
    @GET
    @Path("{name}/plan")
    public Response plan(@PathParam("name") String name) {
        Optional<DesiredState> state = controller.spec().map(SpecStore.Snapshot::state);
        Environment environment = state.map(s -> s.environments().get(name)).orElse(null);
        if (environment == null) {
            return unknown(name);
        }
        Plan plan;
        try {
            plan = wiring.reconciler().plan(environment, state.get().resourcesOf(name));
        } catch (RuntimeException e) {
            return ApiError.response(Response.Status.BAD_GATEWAY, "environment " + name + " could not be observed: " + AwsFailures.describe(e));
        }
        return Response.ok(PlanJson.render(List.of(plan))).build();
    }

    private static Response unknown(String name) {
        return ApiError.response(Response.Status.NOT_FOUND, "the spec in force has no environment named " + name);
    }
}
