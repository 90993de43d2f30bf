package dev.converge.api;

import dev.converge.engine.PassScheduler;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Passes on demand, e.g. right after a merge, instead of waiting for the interval: a pass that starts after
 * the request over the environments this replica owns; its result appears in {@code GET /api/environments}.
 */
@Path("/api/passes")
@Produces(MediaType.APPLICATION_JSON)
public class PassesResource {

    private final RequestedPasses passes;
    private final PassScheduler scheduler;

    public PassesResource(RequestedPasses passes, PassScheduler scheduler) {
        this.passes = passes;
        this.scheduler = scheduler;
    }

    @POST
    @RequiresToken
    public Response run() {
        if (!scheduler.serving()) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                    "passes run only in the controller (converge serve), never behind a one-shot command");
        }
        return passes.request();
    }
}
