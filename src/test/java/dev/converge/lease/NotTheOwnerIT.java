package dev.converge.lease;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.converge.engine.Controller;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassScheduler;
import dev.converge.engine.PassTrigger;
import dev.converge.iam.IamCheck;
import dev.converge.model.Ownership;
import dev.converge.testing.Moto;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code POST /api/passes} and the git webhook reach whichever replica the Service picks. Another replica
 * holds {@code nonprod}'s lease: this one runs only {@code prod}, and the answer names who runs the rest;
 * once it owns nothing it runs nothing and says so with 409. After its lease of {@code prod} moved, the
 * replica no longer reports prod's drift, which is now the other replica's to report.
 */
@QuarkusTest
@QuarkusTestResource(value = OtherReplicaResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotTheOwnerIT {

    /** Every AWS call this application made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    @Inject
    EnvironmentOwnership ownership;

    @Inject
    PassScheduler scheduler;

    @Inject
    PassTrigger passes;

    @Inject
    Controller controller;

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void aRequestedPassRunsOnlyWhatThisReplicaOwns_andNamesTheOwnerOfTheRest() throws Exception {
        scheduler.start();
        LeaseWiringIT.eventually(() -> ownership.mayMutate("prod"), "this replica takes prod, the free environment");
        LeaseWiringIT.eventually(() -> controller.lastPasses().containsKey("prod"), "the pass over prod its take-over started");
        assertThat(ownership.mayMutate("nonprod")).isFalse();

        passesRequest().post("/api/passes").then().statusCode(202)
                .body("status", equalTo("accepted"))
                .body("environments.name", contains("nonprod", "prod"))
                .body("environments.runsHere", contains(false, true))
                .body("environments.owner", contains(OtherReplicaResource.OTHER, "converge-0"));
        webhook().then().statusCode(202)
                .body("environments.owner", contains(OtherReplicaResource.OTHER, "converge-0"));
        passes.request().get(2, TimeUnit.MINUTES);

        assertThat(controller.lastPasses()).containsOnlyKeys("prod");
        assertThat(vpcs("prod")).isEqualTo(1);
        assertThat(vpcs("nonprod")).as("nonprod's VPC, which only its owner creates").isZero();
        assertThat(registry.find("converge.drift.resources").tag("environment", "prod").gauges()).isNotEmpty();
    }

    @Test
    @Order(2)
    void aReplicaWhoseLeaseMoved_runsNothing_answersWhoOwnsIt_andWithdrawsItsGauges() throws Exception {
        takeProdForTheOtherReplica();
        LeaseWiringIT.eventually(() -> !ownership.mayMutate("prod"), "this replica sees prod's lease taken");
        LeaseWiringIT.eventually(() -> registry.find("converge.drift.resources").tag("environment", "prod").gauges().isEmpty(),
                "prod's drift gauges withdrawn");
        assertThat(registry.find("converge.conflict.resources").tag("environment", "prod").gauges()).isEmpty();
        assertThat(registry.find("converge.last.success.timestamp.seconds").tag("environment", "prod").gauges()).isNotEmpty();
        assertThat(registry.get("converge.environment.owned").tag("environment", "prod").gauge().value()).isZero();

        passesRequest().post("/api/passes").then().statusCode(409)
                .body("error", containsString("nonprod on " + OtherReplicaResource.OTHER))
                .body("error", containsString("prod on " + OtherReplicaResource.OTHER))
                .body("environments.runsHere", contains(false, false))
                .body("environments.owner", contains(OtherReplicaResource.OTHER, OtherReplicaResource.OTHER));
        webhook().then().statusCode(409);

        assertThat(passes.request().get(2, TimeUnit.MINUTES)).as("passes this replica runs now").isEmpty();
        assertThat(vpcs("nonprod")).isZero();
    }

    /** The other replica takes prod's lease as a replica does, writing over the version it read. */
    private static void takeProdForTheOtherReplica() {
        try (KubernetesClient client = KubernetesApiResource.server.createClient()) {
            for (int attempt = 0; ; attempt++) {
                Lease prod = client.leases().inNamespace("converge-system").withName("converge-prod").get();
                try {
                    client.leases().inNamespace("converge-system").resource(new LeaseBuilder(prod).editSpec()
                            .withHolderIdentity(OtherReplicaResource.OTHER).withLeaseDurationSeconds(3600)
                            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).update();
                    return;
                } catch (KubernetesClientException renewedMeanwhile) {
                    if (attempt == 20) {
                        throw renewedMeanwhile;
                    }
                }
            }
        }
    }

    private static RequestSpecification passesRequest() {
        return given().header("Authorization", "Bearer " + OtherReplicaResource.TOKEN);
    }

    private static io.restassured.response.Response webhook() {
        return given().basePath("/api/webhook/git").contentType("application/json")
                .header("Authorization", "Bearer " + OtherReplicaResource.WEBHOOK_SECRET).body("{}").post();
    }

    private static int vpcs(String environment) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator"))).build()) {
            return ec2.describeVpcs(r -> r.filters(f -> f.name("tag:" + Ownership.ENVIRONMENT).values(environment))).vpcs().size();
        }
    }
}
