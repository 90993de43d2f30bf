package dev.converge.api;

import dev.converge.approval.ApprovalLedger;
import dev.converge.approval.ApprovalRecord;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The steps held for approval and the approvals in force, from the store every replica shares; and
 * approving one, as {@code converge approve ID --by NAME} does. Whichever replica receives the approval,
 * the one that owns the environment carries the step out at its next pass.
 */
@Path("/api/approvals")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalsResource {

    /** Who approves: recorded with the approval and in its audit line. */
    public record ApproveRequest(String by) {}

    private final ApprovalLedger ledger;

    public ApprovalsResource(ApprovalLedger ledger) {
        this.ledger = ledger;
    }

    /** Held steps ({@code approvedBy} null) and approvals in force, sorted by id. */
    @GET
    @ReadEndpoint
    public List<ApprovalRecord> list() {
        return List.copyOf(ledger.records().values());
    }

    @POST
    @RequiresToken
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{id}")
    public Response approve(@PathParam("id") String id, ApproveRequest request) {
        if (request == null || request.by() == null || request.by().isBlank()) {
            return ApiError.response(Response.Status.BAD_REQUEST, "say who approves: {\"by\": \"NAME\"}");
        }
        try {
            return Response.ok(ledger.approve(id, request.by())).build();
        } catch (ApprovalLedger.UnknownApproval e) {
            return ApiError.response(Response.Status.NOT_FOUND, e.getMessage());
        }
    }
}
