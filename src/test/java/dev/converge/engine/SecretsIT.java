package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Environment;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import dev.converge.testing.LogCapture;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials stay out of everything Converge emits: with recognisable credentials in use (the default
 * chain reads them from system properties), neither the log, nor the Prometheus scrape, nor plans and
 * pass reports contain them, on the success path or the error path.
 */
class SecretsIT {

    private static final Map<String, String> MARKERS = Map.of(
            "aws.accessKeyId", "AKIAMARKERACCESSKEY7",
            "aws.secretAccessKey", "marker-secret-access-key-c0ffee",
            "aws.sessionToken", "marker-session-token-decaf");

    private static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: secrets}
            spec: {region: us-east-1}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: guarded}
            spec: {region: us-east-1, accountId: "999999999999"}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: secrets}
            spec: {cidr: 10.80.0.0/16}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: SecurityGroup
            metadata: {name: web, environment: secrets}
            spec:
              vpc: main
              description: web
              ingress: [{protocol: tcp, ports: 443, from: {cidr: 0.0.0.0/0}}]
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: converge-secrets-test, environment: secrets}
            spec: {versioning: true}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: guarded}
            spec: {cidr: 10.81.0.0/16}
            """;

    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void useMarkerCredentials() {
        MARKERS.forEach((property, marker) -> {
            saved.put(property, System.getProperty(property));
            System.setProperty(property, marker);
        });
    }

    @AfterEach
    void restoreCredentials() {
        saved.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }

    @Test
    void credentials_appearInNoLogMetricPlanOrReport(@TempDir Path specs) throws IOException {
        Files.writeString(specs.resolve("spec.yaml"), SPEC);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StringBuilder emitted = new StringBuilder();

        try (LogCapture log = LogCapture.start(); Harness harness = new Harness(prometheus)) {
            SpecStore store = new SpecStore(specs, new dev.converge.metrics.ConvergeMetrics(prometheus));
            DesiredState state = store.refresh().orElseThrow().state();
            Environment secrets = state.environments().get("secrets");
            Environment guarded = state.environments().get("guarded");
            emitted.append(harness.plan(secrets, state.resourcesOf("secrets")));
            PassReport converged = harness.pass(secrets, state.resourcesOf("secrets"));
            PassReport refused = harness.pass(guarded, state.resourcesOf("guarded"));
            emitted.append(converged).append(refused).append(prometheus.scrape()).append(log.text());

            assertThat(converged.mutations()).as("the pass changed AWS, so calls were signed and audited").isPositive();
            assertThat(refused.error()).as("the guard refused the other account").contains("999999999999");
            assertThat(log.text()).contains("CreateVpc", "spec revision");
            assertThat(prometheus.scrape()).contains("converge_aws_api_calls_total");
        }

        assertThat(emitted.toString()).doesNotContain(List.copyOf(MARKERS.values()));
    }
}
