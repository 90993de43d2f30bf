package dev.converge.page;

import dev.converge.api.ReadEndpoint;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The status page for people on call: every environment with its passes, drift, held steps and what it
 * holds unmanaged, rendered on the server so that it reads without JavaScript. A read endpoint: behind
 * the token when {@code converge.api.token-for-reads} is set.
 */
@Path("/")
public class StatusPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(PageView view);
    }

    private final PageViews views;

    public StatusPageResource(PageViews views) {
        this.views = views;
    }

    @GET
    @ReadEndpoint
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.page(views.now());
    }
}
