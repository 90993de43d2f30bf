package dev.converge.api;

import dev.converge.engine.PassScheduler;
import dev.converge.engine.PassTrigger;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Passes on demand, e.g. right after a merge, instead of waiting for the interval. */
@Path("/api/passes")
@Produces(MediaType.APPLICATION_JSON)
public class PassesResource {

    /**
     * The body of an accepted request: a pass that starts after it, at once or right after the requested
     * pass still running; its result appears in {@code GET /api/environments}.
     */
    public record Accepted(String status) {}

    private final PassTrigger trigger;
    private final PassScheduler scheduler;

    public PassesResource(PassTrigger trigger, PassScheduler scheduler) {
        this.trigger = trigger;
        this.scheduler = scheduler;
    }

    @POST
    @RequiresToken
    public Response run() {
        if (!scheduler.serving()) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                    "passes run only in the controller (converge serve), never behind a one-shot command");
        }
        trigger.request();
        return Response.accepted(new Accepted("accepted")).build();
    }
}
