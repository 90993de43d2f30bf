package dev.converge.git;

import dev.converge.api.RequestedPasses;
import dev.converge.engine.ConvergeConfig;
import dev.converge.engine.PassScheduler;
import dev.converge.engine.SpecSource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/webhook/git}: a push was made, fetch and converge now instead of at the next poll.
 * The body is not interpreted (any push, to any branch, triggers one fetch of the configured branch),
 * only authenticated. Answers 404 when no git source or no webhook secret is configured, and 503 outside
 * {@code converge serve}: the one-shot commands never converge behind the user's back. The pass runs over
 * the environments this replica owns, as {@link RequestedPasses} answers.
 */
@Path("/api/webhook/git")
public class GitWebhookResource {

    private static final Logger LOG = Logger.getLogger(GitWebhookResource.class);

    private final SpecSource source;
    private final RequestedPasses passes;
    private final PassScheduler scheduler;
    private final Optional<java.nio.file.Path> secretFile;

    public GitWebhookResource(SpecSource source, RequestedPasses passes, PassScheduler scheduler, ConvergeConfig config) {
        this.source = source;
        this.passes = passes;
        this.scheduler = scheduler;
        this.secretFile = config.git().webhookSecretFile();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response push(byte[] body, @HeaderParam("X-Hub-Signature-256") String signature,
            @HeaderParam("Authorization") String authorization) throws IOException {
        if (!(source instanceof GitSpecSource git) || secretFile.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        if (!WebhookAuthentication.accepts(SecretFile.read(secretFile.get()), body == null ? new byte[0] : body, signature, authorization)) {
            LOG.warn("git webhook call refused: missing or wrong secret");
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        if (!scheduler.serving()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        git.requestFetch();
        return passes.request();
    }
}
