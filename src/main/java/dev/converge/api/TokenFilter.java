package dev.converge.api;

import dev.converge.engine.ConvergeConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Lets a {@link RequiresToken} request through only with the configured bearer token. */
@Provider
@RequiresToken
public class TokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(TokenFilter.class);

    /** Looked up per request: filters are built at static init, before runtime configuration exists. */
    private final Instance<ConvergeConfig> config;

    public TokenFilter(Instance<ConvergeConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        demandToken(config.get().api().tokenFile(), request);
    }

    /** Aborts the request unless it carries the token; shared with {@link ReadTokenFilter}. */
    static void demandToken(Optional<Path> tokenFile, ContainerRequestContext request) {
        BearerToken.Verdict verdict = BearerToken.verify(tokenFile, request.getHeaderString(HttpHeaders.AUTHORIZATION));
        switch (verdict) {
            case ACCEPTED -> {}
            case REJECTED -> request.abortWith(Response.fromResponse(
                            ApiError.response(Response.Status.UNAUTHORIZED, "a valid bearer token is required"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"converge\"")
                    .build());
            case DISABLED -> request.abortWith(ApiError.response(Response.Status.FORBIDDEN,
                    "this endpoint needs the API token, and converge.api.token-file is not set"));
            case UNAVAILABLE -> {
                LOG.errorf("the API token file %s cannot be read or is empty; refusing %s %s",
                        tokenFile.orElseThrow(), request.getMethod(), request.getUriInfo().getPath());
                request.abortWith(ApiError.response(Response.Status.SERVICE_UNAVAILABLE, "the API token is unavailable"));
            }
        }
    }
}
