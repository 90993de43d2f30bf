package dev.converge.git;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.converge.engine.Controller;
import dev.converge.engine.PassReport;
import dev.converge.engine.PassScheduler;
import dev.converge.engine.PassTrigger;
import dev.converge.iam.IamCheck;
import dev.converge.model.Ownership;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** {@code POST /api/webhook/git} over HTTP: refused without the secret, and with it the next pass applies the pushed commit. */
@QuarkusTest
@QuarkusTestResource(value = GitRemoteResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitWebhookIT {

    @Inject
    MeterRegistry registry;

    /** Every AWS call this application made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    /** Health and metrics live on the management interface, not on the API's port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    private static final String PUSH_EVENT = "{\"ref\":\"refs/heads/main\"}";

    @Inject
    Controller controller;

    @Inject
    PassTrigger passes;

    @Inject
    PassScheduler scheduler;

    static Map<String, String> spec(String stage) {
        return Map.of("specs/hook.yaml", """
                apiVersion: converge.dev/v1alpha1
                kind: Environment
                metadata: {name: hook}
                spec: {region: us-east-1}
                ---
                apiVersion: converge.dev/v1alpha1
                kind: Vpc
                metadata: {name: main, environment: hook}
                spec: {cidr: 10.90.0.0/16, tags: {stage: %s}}
                """.formatted(stage));
    }

    @Test
    @Order(1)
    void callsWithoutTheSecret_areRefused() {
        webhook().body(PUSH_EVENT).post().then().statusCode(401);
        webhook().header("X-Hub-Signature-256", "sha256=" + hmac("wrong-secret", PUSH_EVENT)).body(PUSH_EVENT).post()
                .then().statusCode(401);
        webhook().header("X-Hub-Signature-256", "sha256=" + hmac(GitRemoteResource.SECRET, PUSH_EVENT + " ")).body(PUSH_EVENT).post()
                .then().statusCode(401);
        webhook().header("Authorization", "Bearer wrong-secret").body(PUSH_EVENT).post().then().statusCode(401);
    }

    @Test
    @Order(2)
    void aSignedPush_isRefused_whileNotServing() {
        webhook().header("Authorization", "Bearer " + GitRemoteResource.SECRET).body(PUSH_EVENT).post().then().statusCode(503);
    }

    @Test
    @Order(3)
    void aSignedPush_isFetchedAndAppliedByThePassItTriggers() throws Exception {
        scheduler.start();
        assertThat(controller.runPasses()).singleElement().satisfies(r -> assertThat(r.success()).as(r.toString()).isTrue());
        assertThat(stageTag()).isEqualTo("one");
        String second = GitRemoteResource.remote.push(spec("two"), "hook: stage two");
        controller.runPasses();
        assertThat(stageTag()).as("before the webhook, the next fetch is an hour away").isEqualTo("one");

        webhook().header("X-Hub-Signature-256", "sha256=" + hmac(GitRemoteResource.SECRET, PUSH_EVENT)).body(PUSH_EVENT).post()
                .then().statusCode(202);

        assertThat(triggeredPass()).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
        assertThat(stageTag()).isEqualTo("two");
        given().port(management.getPort()).get("/q/metrics").then()
                .body(containsString("converge_spec_info{revision=\"" + second + "\",source=\"" + GitRemoteResource.remote.url() + "\"} 1.0"))
                .body(org.hamcrest.Matchers.not(containsString("converge_spec_info{revision=\"" + GitRemoteResource.firstCommit + "\"")))
                .body(org.hamcrest.Matchers.not(containsString(GitRemoteResource.SECRET)));
    }

    @Test
    @Order(4)
    void aPushWithTheBearerSecret_isAccepted() throws Exception {
        GitRemoteResource.remote.push(spec("three"), "hook: stage three");

        webhook().header("Authorization", "Bearer " + GitRemoteResource.SECRET).body(PUSH_EVENT).post().then().statusCode(202);

        triggeredPass();
        assertThat(stageTag()).isEqualTo("three");
    }

    /** Waits for the pass the webhook queued: a later request is served by it or by the one right after it. */
    private List<PassReport> triggeredPass() throws Exception {
        return passes.request().get(2, TimeUnit.MINUTES);
    }

    private static io.restassured.specification.RequestSpecification webhook() {
        return given().basePath("/api/webhook/git").contentType("application/json");
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stageTag() {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator"))).build()) {
            return ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:" + Ownership.RESOURCE).values("Vpc/main").build()))
                    .vpcs().get(0).tags().stream().filter(t -> t.key().equals("stage")).map(t -> t.value()).findFirst().orElseThrow();
        }
    }
}
