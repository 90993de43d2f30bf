package dev.converge.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The spec revision in force and why the newest one was rejected, if it was. */
@Path("/api/spec")
@Produces(MediaType.APPLICATION_JSON)
public class SpecResource {

    private final StatusView view;

    public SpecResource(StatusView view) {
        this.view = view;
    }

    @GET
    @ReadEndpoint
    public SpecStatus get() {
        return view.spec();
    }
}
