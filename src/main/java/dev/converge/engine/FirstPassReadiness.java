package dev.converge.engine;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the first pass has completed, so a rollout waits until the new replica has really converged once. */
@Readiness
@ApplicationScoped
public class FirstPassReadiness implements HealthCheck {

    private final Controller controller;

    public FirstPassReadiness(Controller controller) {
        this.controller = controller;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("first-pass").status(controller.hasCompletedPass()).build();
    }
}
