package dev.converge.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.converge.iam.IamCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code converge.api.token-for-reads} the read endpoints and the status page answer only to the token. The spec is the
 * repository's example ({@code specs/}); no pass runs, so no AWS is needed.
 */
@QuarkusTest
@TestProfile(ReadsBehindTokenIT.TokenForReads.class)
class ReadsBehindTokenIT {

    @Inject
    MeterRegistry registry;

    /** Every AWS call this application made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    static final String TOKEN = "reads-need-this";

    public static class TokenForReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path token = Files.createTempFile("converge-read-token", "");
                Files.writeString(token, TOKEN + "\n");
                return Map.of("converge.api.token-file", token.toString(), "converge.api.token-for-reads", "true");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void readEndpoints_refuseWithoutTheToken_andAnswerWithIt() {
        for (String path : new String[] {"/api/environments", "/api/environments/prod", "/api/spec", "/"}) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
            given().header("Authorization", "Bearer wrong").get(path).then().statusCode(401);
        }
        given().header("Authorization", "Bearer " + TOKEN).get("/api/environments").then().statusCode(200);
        given().header("Authorization", "Bearer " + TOKEN).get("/api/spec").then().statusCode(200);
        given().header("Authorization", "Bearer " + TOKEN).get("/").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Environment prod"));
        given().header("Authorization", "Bearer " + TOKEN).get("/api/environments/prod").then().statusCode(200)
                .body("name", equalTo("prod"));
    }
}
