package dev.converge.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every API error response. */
public record ApiError(String error) {

    static Response response(Response.Status status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error)).build();
    }
}
