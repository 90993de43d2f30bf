package dev.converge.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.converge.engine.PassScheduler;
import dev.converge.iam.IamCheck;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The status API over HTTP: environments, their newest pass and drift, a live plan (behind the token, within
 * the allowed environments, one observation for many callers), the spec, and the token on passes.
 */
@QuarkusTest
@QuarkusTestResource(value = ApiSpecsResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusApiIT {

    @Inject
    MeterRegistry registry;

    /** Every AWS call this application made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    static final String BUCKET = "converge-status-api-uploads";

    static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: api}
            spec: {region: us-east-1, mode: enforce}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: uploads, environment: api}
            spec:
              bucketName: %s
              versioning: true
            """.formatted(BUCKET);

    /** An environment of the spec this installation may not touch ({@code converge.guards.allowed-environments: api}). */
    static final String ELSEWHERE = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: elsewhere}
            spec: {region: us-east-1, mode: enforce}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: logs, environment: elsewhere}
            spec: {bucketName: converge-status-api-elsewhere}
            """;

    /** Environment {@code api} in the list of environments, whose order is not specified. */
    private static final String API = "find { it.name == 'api' }";

    /** The AWS calls one live plan of environment {@code api} makes, as measured by the first one. */
    static double oneObservation;

    @Inject
    PassScheduler scheduler;

    /** Metrics live on the management interface, not on the API's port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    @Order(1)
    void beforeAnyPass_environmentsAreListedWithoutALastPass() {
        given().get("/api/environments").then().statusCode(200)
                .body("name", containsInAnyOrder("api", "elsewhere"))
                .body(API + ".region", equalTo("us-east-1"))
                .body(API + ".mode", equalTo("enforce"))
                .body(API + ".prune", equalTo(false))
                .body(API, not(hasKey("accountId")))
                .body(API + ".lastPass", nullValue())
                .body(API + ".drift", nullValue());
    }

    @Test
    @Order(2)
    void passes_needTheToken() {
        scheduler.start();
        given().post("/api/passes").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong-token").post("/api/passes").then().statusCode(401);
        given().header("Authorization", "Basic " + ApiSpecsResource.TOKEN).post("/api/passes").then().statusCode(401);
        assertThat(s3().listBuckets().buckets()).noneMatch(b -> b.name().equals(BUCKET));
    }

    @Test
    @Order(2)
    void approving_needsTheToken_andSaysSoWhenNoStepAwaitsTheId() {
        given().get("/api/approvals").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        given().contentType("application/json").body("{\"by\": \"alice\"}").post("/api/approvals/0123456789ab")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + ApiSpecsResource.TOKEN).contentType("application/json")
                .body("{\"by\": \"alice\"}").post("/api/approvals/0123456789ab")
                .then().statusCode(404).body("error", containsString("no step awaits approval 0123456789ab"));
        given().header("Authorization", "Bearer " + ApiSpecsResource.TOKEN).contentType("application/json")
                .body("{}").post("/api/approvals/0123456789ab")
                .then().statusCode(400).body("error", containsString("who approves"));
    }

    @Test
    @Order(3)
    void requestedPass_runsInTheBackground_andItsResultShows() {
        requestPass();

        JsonPath status = awaitStatus(s -> s.get("lastPass") != null);

        assertThat(status.getString("lastPass.result")).as(status.prettify()).isEqualTo("success");
        assertThat(status.getMap("lastPass.changes")).isEqualTo(Map.of("success", 1, "error", 0, "skipped", 0, "waiting", 0));
        assertThat(status.getString("lastPass.revision")).isEqualTo(given().get("/api/spec").jsonPath().getString("revision"));
        assertThat(status.getMap("drift")).isEmpty();
        assertThat(status.getList("drifted")).isEmpty();
        assertThat(status.getList("orphans")).isEmpty();
        assertThat(s3().getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
    }

    @Test
    @Order(6)
    void plan_showsOutOfBandDriftField_andLeavesAwsAlone() {
        s3().putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));

        double before = awsCalls();
        withToken().get("/api/environments/api/plan").then().statusCode(200).contentType(ContentType.JSON)
                .body("environments.name", equalTo(List.of("api")))
                .body("environments[0].changes", hasSize(1))
                .body("environments[0].changes[0].resource", equalTo("Bucket/uploads"))
                .body("environments[0].changes[0].action", equalTo("update"))
                .body("environments[0].changes[0].fields.field", equalTo(List.of("versioning")))
                .body("environments[0].changes[0].fields[0].before", equalTo(false))
                .body("environments[0].changes[0].fields[0].after", equalTo(true))
                .body("summary.update", equalTo(1));
        oneObservation = awsCalls() - before;

        assertThat(oneObservation).as("AWS calls of one live plan").isPositive();
        assertThat(s3().getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    }

    /** The live plan reaches AWS: without the token it does not, and reads that do not reach AWS stay open. */
    @Test
    @Order(4)
    void plan_needsTheToken_andMakesNoAwsCallWithoutIt() {
        double before = awsCalls();

        given().get("/api/environments/api/plan").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong-token").get("/api/environments/api/plan").then().statusCode(401);

        assertThat(awsCalls()).as("AWS calls after refused live plans").isEqualTo(before);
        given().get("/api/environments/api").then().statusCode(200);
        given().get("/api/spec").then().statusCode(200);
    }

    @Test
    @Order(5)
    void plan_ofAnEnvironmentOffTheAllowList_isForbidden_andMakesNoAwsCall() {
        double before = awsCalls();

        withToken().get("/api/environments/elsewhere/plan").then().statusCode(403)
                .body("error", containsString("converge.guards.allowed-environments"));

        assertThat(awsCalls()).as("AWS calls after the refused live plan").isEqualTo(before);
        assertThat(s3().listBuckets().buckets()).noneMatch(b -> b.name().equals("converge-status-api-elsewhere"));
    }

    /**
     * Many callers at once cause one observation of AWS: they share the one in flight, and the finished one
     * answers for {@code converge.api.plan-cache} (10 s by default). The spec changed since the first live
     * plan (observe mode), so this is a new observation of the same resources.
     */
    @Test
    @Order(8)
    void concurrentPlans_shareOneObservation_andAFreshOneAnswersWithoutAwsCalls() throws Exception {
        double before = awsCalls();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> withToken().get("/api/environments/api/plan").then().statusCode(200).extract().asString()));
            }
            Set<String> bodies = new HashSet<>();
            for (Future<String> answer : answers) {
                bodies.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(bodies).as("the %d callers' plans", callers).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        double afterConcurrent = awsCalls();

        assertThat(afterConcurrent - before).as("AWS calls of %d concurrent live plans", callers).isEqualTo(oneObservation);
        withToken().get("/api/environments/api/plan").then().statusCode(200);
        assertThat(awsCalls()).as("AWS calls of a live plan answered from the cache").isEqualTo(afterConcurrent);
    }

    @Test
    @Order(7)
    void observeModePass_reportsTheDriftedFieldInTheStatus_andLeavesItInPlace() throws Exception {
        String previous = given().get("/api/environments/api").jsonPath().getString("lastPass.started");
        Files.writeString(ApiSpecsResource.specs.resolve("api.yaml"), SPEC.replace("mode: enforce", "mode: observe"));

        requestPass();

        JsonPath status = awaitStatus(s -> !previous.equals(s.getString("lastPass.started")));
        assertThat(status.getString("mode")).isEqualTo("observe");
        assertThat(status.getString("lastPass.result")).as(status.prettify()).isEqualTo("success");
        assertThat(status.getMap("lastPass.changes")).isEqualTo(Map.of("success", 0, "error", 0, "skipped", 0, "waiting", 0));
        assertThat(status.getMap("drift")).isEqualTo(Map.of("Bucket", 1));
        assertThat(status.getList("drifted.resource")).containsExactly("Bucket/uploads");
        assertThat(status.getList("drifted[0].fields.field")).containsExactly("versioning");
        assertThat(status.getBoolean("drifted[0].fields[0].before")).isFalse();
        assertThat(status.getBoolean("drifted[0].fields[0].after")).isTrue();
        assertThat(given().get("/api/environments").jsonPath().getMap(API + ".drift")).isEqualTo(Map.of("Bucket", 1));
        assertThat(s3().getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    }

    @Test
    @Order(9)
    void unknownEnvironment_isNotFound() {
        given().get("/api/environments/nowhere").then().statusCode(404).body("error", containsString("nowhere"));
        withToken().get("/api/environments/nowhere/plan").then().statusCode(404);
    }

    @Test
    @Order(10)
    void spec_showsTheRevisionInForce_andTheLocatedErrorsOfABrokenOne() throws Exception {
        String inForce = given().get("/api/spec").then().statusCode(200)
                .body("source", equalTo(ApiSpecsResource.specs.toString()))
                .body("errors", empty())
                .extract().path("revision");
        assertThat(inForce).isNotBlank();

        Files.writeString(ApiSpecsResource.specs.resolve("api.yaml"), SPEC.replace("versioning: true", "versionning: true"));
        assertThat(given().get("/api/spec").jsonPath().getList("errors")).as("API reads never read the source").isEmpty();

        requestPass();

        awaitTrue(() -> !given().get("/api/spec").jsonPath().getList("errors").isEmpty());
        given().get("/api/spec").then().statusCode(200)
                .body("revision", equalTo(inForce))
                .body("errors", hasSize(1))
                .body("errors[0]", containsString("api.yaml:11:3: unknown field 'versionning'"));
    }

    private static RequestSpecification withToken() {
        return given().header("Authorization", "Bearer " + ApiSpecsResource.TOKEN);
    }

    /** Every AWS call Converge made so far, from the management interface's metrics. */
    private double awsCalls() {
        return given().port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("converge_aws_api_calls_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Requests a pass, which starts after the request even while an earlier requested one is finishing. */
    private static void requestPass() {
        given().header("Authorization", "Bearer " + ApiSpecsResource.TOKEN).post("/api/passes").then().statusCode(202)
                .body("status", equalTo("accepted"));
    }

    /** A requested pass runs in the background: wait, within a bound, until the environment's status shows it. */
    private static JsonPath awaitStatus(Predicate<JsonPath> shows) {
        JsonPath[] status = new JsonPath[1];
        awaitTrue(() -> shows.test(status[0] = given().get("/api/environments/api").then().statusCode(200).extract().jsonPath()));
        return status[0];
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("still waiting after a minute").isBefore(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator")))
                .build();
    }
}
