package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.aws.AwsClients;
import dev.converge.model.Environment;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanJson;
import dev.converge.plan.PlanRenderer;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.CodeObjects;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Credentials stay out of everything Converge emits: with recognisable credentials in use (the default
 * chain reads them from system properties), neither the log, nor the Prometheus scrape, nor plans and
 * pass reports contain them, on the success path or the error path.
 */
class SecretsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static final String USER_DATA_SECRET = "marker-user-data-token-5ca1ab1e";
    private static final String POLICY_SECRET = "marker-policy-referer-b0bacafe";

    /** A boot script with a token and a policy with a shared secret, in enforce then in observe mode. */
    private static final String SENSITIVE_SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: sensitive}
            spec: {region: us-east-1, mode: %s}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: LaunchTemplate
            metadata: {name: api, environment: sensitive}
            spec:
              ami: ami-0123456789abcdef0
              instanceType: t3.micro
              userData: |
                #!/bin/sh
                export API_TOKEN=%s
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: converge-secrets-policy, environment: sensitive}
            spec:
              policy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Deny
                    Principal: "*"
                    Action: s3:GetObject
                    Resource: arn:aws:s3:::converge-secrets-policy/*
                    Condition: {StringNotEquals: {aws:Referer: %s}}
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

    /**
     * User data and bucket policies are shown as digests: in the plan as text and as JSON, in the audit
     * log's field changes when they are written and changed, and in what the status API lists as drift
     * ({@code PlanJson.changes} of the remaining plan, the documents {@code /api/environments/{name}} serves).
     */
    @Test
    void userDataAndPolicies_appearOnlyAsDigests_inPlansTheAuditLogAndTheStatus(@TempDir Path specs) throws IOException {
        StringBuilder emitted = new StringBuilder();
        String plans;
        String status;
        try (LogCapture log = LogCapture.start(); Harness harness = new Harness()) {
            DesiredState created = write(specs, "enforce", USER_DATA_SECRET, POLICY_SECRET);
            Environment environment = created.environments().get("sensitive");
            var plan = harness.plan(environment, created.resourcesOf("sensitive"));
            plans = asText(plan) + PlanJson.render(List.of(plan));
            PassReport creating = harness.pass(environment, created.resourcesOf("sensitive"));

            DesiredState changed = write(specs, "enforce", USER_DATA_SECRET + "-rotated", POLICY_SECRET + "-rotated");
            PassReport updating = harness.pass(environment, changed.resourcesOf("sensitive"));

            DesiredState observed = write(specs, "observe", USER_DATA_SECRET + "-next", POLICY_SECRET + "-next");
            Environment observing = observed.environments().get("sensitive");
            PassReport drifted = harness.pass(observing, observed.resourcesOf("sensitive"));
            status = JSON.writeValueAsString(PlanJson.changes(drifted.remaining().changes()));
            emitted.append(plans).append(status).append(log.text());

            assertThat(creating.success()).as(creating.toString()).isTrue();
            assertThat(updating.success()).as(updating.toString()).isTrue();
            assertThat(updating.outcomes()).extracting(o -> o.change().key().toString())
                    .contains("LaunchTemplate/api", "Bucket/converge-secrets-policy");
            assertThat(log.text()).contains("\"call\":\"Ec2:CreateLaunchTemplateVersion\"", "\"call\":\"S3:PutBucketPolicy\"")
                    .containsPattern("userData: sha256:[0-9a-f]{12} -> sha256:[0-9a-f]{12}")
                    .containsPattern("policy: sha256:[0-9a-f]{12} -> sha256:[0-9a-f]{12}");
        }

        assertThat(plans).containsPattern("userData: +sha256:[0-9a-f]{12}").contains("\"sensitive\" : true");
        assertThat(status).containsPattern("\"field\":\"userData\",\"before\":\"sha256:[0-9a-f]{12}\",\"after\":\"sha256:[0-9a-f]{12}\"");
        assertThat(emitted.toString()).doesNotContain(USER_DATA_SECRET, POLICY_SECRET);
    }

    private static final String SECURE_STRING_SECRET = "marker-secure-string-feedf00d";
    private static final String HAND_SET_SECRET = "marker-hand-set-secret-deadbeef";

    /** A SecureString whose value comes from a file, as a Kubernetes Secret mounts it. */
    private static final String PARAMETER_SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: parameters}
            spec: {region: us-east-1, mode: %s}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Parameter
            metadata: {name: db-password, environment: parameters}
            spec:
              name: /parameters/api/db-password
              type: SecureString
              valueFrom: {file: %s}
            """;

    /**
     * A SecureString's value, as its source holds it and as someone set it by hand, appears nowhere: not in
     * the log (audit lines included), the Prometheus scrape, the plan as text and as JSON, nor the status
     * API's drift, on create, on rotation, in observe mode and when its source is gone.
     */
    @Test
    void secureStringValues_appearInNoLogMetricPlanStatusOrAuditLine(@TempDir Path specs, @TempDir Path mounted) throws IOException {
        assertSecretAppearsNowhere(new SecretLifecycle(PARAMETER_SPEC, "parameters", "db-password", SECURE_STRING_SECRET,
                        (harness, environment, state) -> { },
                        aws -> aws.ssm().putParameter(r -> r.name("/parameters/api/db-password")
                                .type(ParameterType.SECURE_STRING).value(HAND_SET_SECRET).overwrite(true)),
                        List.of("\"call\":\"Ssm:PutParameter\""), "value"),
                specs, mounted);
    }

    private static final String FUNCTION_SECRET = "marker-function-secret-f00dcafe";

    /** A function whose secret variable comes from a file, its execution role, and its code in an external bucket. */
    private static final String FUNCTION_SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: functions}
            spec: {region: us-east-1, mode: %s}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: InstanceRole
            metadata: {name: resize, environment: functions}
            spec: {assumedBy: lambda}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Function
            metadata: {name: resize, environment: functions}
            spec:
              code: {externalBucket: converge-secrets-artifacts, key: resize.zip}
              runtime: python3.12
              handler: index.handler
              role: resize
              environment: {MODE: fast}
              secrets:
                SIGNING_KEY: {file: %s}
            """;

    /**
     * A function's secret variable, as its source holds it and as someone set it by hand, appears nowhere:
     * not in the log (audit lines included), the Prometheus scrape, the plans as text and JSON, nor the
     * status API's drift, on create, on rotation, in observe mode and when its source is gone.
     */
    @Test
    void functionSecretValues_appearInNoLogMetricPlanStatusOrAuditLine(@TempDir Path specs, @TempDir Path mounted) throws IOException {
        assertSecretAppearsNowhere(new SecretLifecycle(FUNCTION_SPEC, "functions", "signing-key", FUNCTION_SECRET,
                        (harness, environment, state) -> CodeObjects.publishFor(harness, environment, state.resourcesOf("functions")),
                        aws -> aws.lambda().updateFunctionConfiguration(r -> r.functionName("functions-resize")
                                .environment(e -> e.variables(Map.of("MODE", "fast", "SIGNING_KEY", HAND_SET_SECRET)))),
                        List.of("\"call\":\"Lambda:CreateFunction\"", "\"call\":\"Lambda:UpdateFunctionConfiguration\""), "secrets"),
                specs, mounted);
    }

    /** Before the first plan: what the environment needs besides the spec (a function's code object). */
    @FunctionalInterface
    private interface Preparation {
        void prepare(Harness harness, Environment environment, DesiredState state);
    }

    /**
     * A secret declared from a file, followed through its life: created, rotated in its source, set by
     * hand behind Converge's back (seen in observe mode), and its source gone.
     *
     * @param spec the spec, formatted with the mode and the secret's file
     * @param handSet how someone sets {@link #HAND_SET_SECRET} by hand
     * @param auditCalls what the audit log must show was called
     * @param driftedField the field the hand-set value drifts
     */
    private record SecretLifecycle(String spec, String environment, String file, String secret, Preparation preparation,
            Consumer<AwsClients> handSet, List<String> auditCalls, String driftedField) {}

    private static void assertSecretAppearsNowhere(SecretLifecycle life, Path specs, Path mounted) throws IOException {
        Path secret = Files.writeString(mounted.resolve(life.file()), life.secret());
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StringBuilder emitted = new StringBuilder();
        try (LogCapture log = LogCapture.start(); Harness harness = new Harness(prometheus)) {
            DesiredState created = writeFromFile(specs, life.spec(), "enforce", secret);
            Environment environment = created.environments().get(life.environment());
            life.preparation().prepare(harness, environment, created);
            var plan = harness.plan(environment, created.resourcesOf(life.environment()));
            emitted.append(asText(plan)).append(PlanJson.render(List.of(plan)));
            PassReport creating = harness.pass(environment, created.resourcesOf(life.environment()));

            Files.writeString(secret, life.secret() + "-rotated");
            PassReport rotating = harness.pass(environment, created.resourcesOf(life.environment()));

            life.handSet().accept(harness.aws(environment));
            DesiredState observed = writeFromFile(specs, life.spec(), "observe", secret);
            Environment observing = observed.environments().get(life.environment());
            PassReport drifted = harness.pass(observing, observed.resourcesOf(life.environment()));
            var driftPlan = harness.plan(observing, observed.resourcesOf(life.environment()));
            emitted.append(asText(driftPlan))
                    .append(PlanJson.render(List.of(driftPlan)))
                    .append(JSON.writeValueAsString(PlanJson.changes(drifted.remaining().changes())));

            Files.delete(secret);
            PassReport absent = harness.pass(environment, created.resourcesOf(life.environment()));
            emitted.append(creating).append(rotating).append(drifted).append(absent).append(prometheus.scrape()).append(log.text());

            assertThat(creating.success()).as(creating.toString()).isTrue();
            assertThat(rotating.mutations()).as("the rotated value was written").isPositive();
            assertThat(log.text()).contains(life.auditCalls().toArray(String[]::new));
            assertThat(drifted.remaining().changes()).singleElement()
                    .satisfies(c -> assertThat(c.fields()).extracting(f -> f.field()).containsExactly(life.driftedField()));
            assertThat(emitted.toString()).contains("(secret) changed", "(secret) from file " + secret);
            assertThat(absent.detected().changes()).singleElement().satisfies(c -> assertThat(c.note()).contains(secret.toString()));
        }

        assertThat(emitted.toString()).doesNotContain(life.secret(), HAND_SET_SECRET);
    }

    private static DesiredState writeFromFile(Path specs, String template, String mode, Path secret) throws IOException {
        Files.writeString(specs.resolve("spec.yaml"), template.formatted(mode, secret));
        return SpecLoader.load(List.of(specs));
    }

    private static DesiredState write(Path specs, String mode, String token, String referer) throws IOException {
        Files.writeString(specs.resolve("spec.yaml"), SENSITIVE_SPEC.formatted(mode, token, referer));
        return SpecLoader.load(List.of(specs));
    }

    private static String asText(Plan plan) {
        return new PlanRenderer(false).render(List.of(plan));
    }
}
