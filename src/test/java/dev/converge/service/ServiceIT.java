package dev.converge.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.converge.engine.Controller;
import dev.converge.engine.PassReport;
import dev.converge.iam.IamCheck;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;
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
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The service as deployed: passes, metrics and health over HTTP (the management port), and a bad spec commit. */
@QuarkusTest
@QuarkusTestResource(value = MotoSpecsResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceIT {

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

    static final String GOOD_SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: svc}
            spec: {region: us-east-1, mode: enforce, tags: {team: platform}}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: svc}
            spec: {cidr: 10.50.0.0/16, enableDnsSupport: true}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: SecurityGroup
            metadata: {name: web, environment: svc}
            spec:
              vpc: main
              description: web tier
              ingress:
                - {protocol: tcp, ports: 443, from: {cidr: 0.0.0.0/0}, description: HTTPS}
            """;

    /** The same environment, but the VPC moves to another CIDR and one field is misspelt. */
    static final String BROKEN_SPEC = GOOD_SPEC.replace("cidr: 10.50.0.0/16", "cidr: 10.60.0.0/16")
            .replace("description: web tier", "descripton: web tier");

    @Inject
    Controller controller;

    @Test
    @Order(1)
    void notReadyBeforeTheFirstPass() {
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(503);
    }

    /** The API's port (with the webhook, what a deployment exposes) serves neither health nor metrics. */
    @Test
    @Order(1)
    void healthAndMetrics_areOnlyOnTheManagementPort() {
        assertThat(management.getPort()).isNotEqualTo(RestAssured.port);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().port(management.getPort()).get("/q/metrics").then().statusCode(200);
    }

    @Test
    @Order(2)
    void firstPassConverges_andIsVisibleInMetricsAndHealth() {
        List<PassReport> reports = controller.runPasses();

        assertThat(reports).singleElement().satisfies(r -> assertThat(r.success()).as(r.toString()).isTrue());
        assertThat(managedVpc().cidrBlock()).isEqualTo("10.50.0.0/16");
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(200);
        given().port(management.getPort()).get("/q/metrics").then().statusCode(200)
                .body(containsString("converge_reconcile_total{environment=\"svc\",result=\"success\"} 1.0"))
                .body(containsString("converge_reconcile_total{environment=\"svc\",result=\"error\"} 0.0"))
                .body(containsString("converge_changes_total{action=\"update\",environment=\"svc\",kind=\"Vpc\",result=\"error\"} 0.0"))
                .body(containsString("converge_spec_load_errors_total 0.0"))
                .body(containsString("converge_spec_fetch_errors_total 0.0"))
                .body(containsString("converge_changes_total{action=\"create\",environment=\"svc\",kind=\"Vpc\",result=\"success\"} 1.0"))
                .body(containsString("converge_aws_api_calls_total{operation=\"CreateVpc\",outcome=\"success\",service=\"Ec2\"} 1.0"))
                .body(containsString("converge_drift_resources{environment=\"svc\",kind=\"SecurityGroup\"} 0.0"))
                .body(containsString("converge_last_success_timestamp_seconds{environment=\"svc\"}"))
                .body(containsString("converge_reconcile_duration_seconds_count{environment=\"svc\"} 1"))
                .body(containsString("converge_spec_info{revision="))
                .body(containsString("resilience4j_retry_calls_total{kind=\"successful_without_retry\",name=\"svc/ec2\"}"))
                .body(containsString("resilience4j_circuitbreaker_state{name=\"svc/ec2\",state=\"closed\"} 1.0"))
                .body(containsString("resilience4j_ratelimiter_available_permissions{name=\"svc/ec2\"}"));
    }

    @Test
    @Order(3)
    void brokenSpec_isRejectedWithItsLocation_changesNothing_andTheLastGoodSpecStaysInForce() throws Exception {
        Files.writeString(MotoSpecsResource.specs.resolve("svc.yaml"), BROKEN_SPEC);
        Ec2Client ec2 = operatorEc2();
        String vpcId = managedVpc().vpcId();
        ec2.deleteTags(r -> r.resources(vpcId).tags(t -> t.key("team")));

        List<PassReport> reports = controller.runPasses();

        assertThat(controller.specErrors()).singleElement().satisfies(error -> assertThat(error)
                .contains("svc.yaml:16:")
                .contains("descripton"));
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
        Vpc vpc = managedVpc();
        assertThat(vpc.cidrBlock()).as("the broken revision's CIDR never reached AWS").isEqualTo("10.50.0.0/16");
        assertThat(vpc.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=platform"));
        given().port(management.getPort()).get("/q/metrics").then().body(containsString("converge_spec_load_errors_total 1.0"))
                .body(org.hamcrest.Matchers.matchesPattern(java.util.regex.Pattern.compile(
                        ".*^converge_spec_info\\{revision=\"[0-9a-f]{12}\",source=\"[^\"]+\"\\} 0\\.0$.*", java.util.regex.Pattern.DOTALL | java.util.regex.Pattern.MULTILINE)));
    }

    /** The shape that once crashed the loader: a list field (a bucket's lifecycle rules) written as a mapping. */
    static final String LIST_AS_MAPPING_SPEC = GOOD_SPEC.replace("cidr: 10.50.0.0/16", "cidr: 10.70.0.0/16") + """
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: converge-svc-logs, environment: svc}
            spec:
              lifecycle:
                id: expire
                expirationDays: 30
            """;

    @Test
    @Order(4)
    void listWrittenAsAMapping_isALocatedError_overHttp_andTheLastGoodSpecStaysInForce() throws Exception {
        String inForce = given().get("/api/spec").then().statusCode(200).extract().jsonPath().getString("revision");
        Files.writeString(MotoSpecsResource.specs.resolve("svc.yaml"), LIST_AS_MAPPING_SPEC);

        List<PassReport> reports = controller.runPasses();

        assertThat(reports).singleElement().satisfies(r -> assertThat(r.success()).as(r.toString()).isTrue());
        given().get("/api/spec").then().statusCode(200)
                .body("revision", org.hamcrest.Matchers.equalTo(inForce))
                .body("errors", org.hamcrest.Matchers.contains(
                        containsString("svc.yaml:25:5: spec.lifecycle: expected a list, got a mapping")));
        assertThat(managedVpc().cidrBlock()).as("the rejected revision's CIDR never reached AWS").isEqualTo("10.50.0.0/16");
        given().port(management.getPort()).get("/q/metrics").then().body(containsString("converge_spec_load_errors_total 2.0"));
    }

    @Test
    @Order(5)
    void gitWebhook_isNotFound_withoutAGitSource() {
        given().header("Authorization", "Bearer anything").post("/api/webhook/git").then().statusCode(404);
    }

    private static Vpc managedVpc() {
        List<Vpc> vpcs = operatorEc2().describeVpcs(r -> r.filters(Filter.builder().name("tag:converge:resource").values("Vpc/main").build())).vpcs();
        assertThat(vpcs).hasSize(1);
        return vpcs.get(0);
    }

    private static Ec2Client operatorEc2() {
        return Ec2Client.builder().endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator")))
                .build();
    }
}
