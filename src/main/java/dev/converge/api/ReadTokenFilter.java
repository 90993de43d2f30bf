package dev.converge.api;

import dev.converge.engine.ConvergeConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Puts the {@link ReadEndpoint}s behind the bearer token when the installation asks for it ({@code converge.api.token-for-reads}). */
@Provider
@ReadEndpoint
public class ReadTokenFilter implements ContainerRequestFilter {

    /** Looked up per request: filters are built at static init, before runtime configuration exists. */
    private final Instance<ConvergeConfig> config;

    public ReadTokenFilter(Instance<ConvergeConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        ConvergeConfig.Api api = config.get().api();
        if (api.tokenForReads()) {
            TokenFilter.demandToken(api.tokenFile(), request);
        }
    }
}
