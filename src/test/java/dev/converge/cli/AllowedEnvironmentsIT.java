package dev.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.testing.Moto;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@code converge.guards.allowed-environments} as the commands apply it: the other environments are never reached. */
@QuarkusMainTest
class AllowedEnvironmentsIT {

    static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: allowed}
            spec: {region: us-east-1}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: forbidden}
            spec: {region: us-east-1}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: network, environment: allowed}
            spec: {cidr: 10.71.0.0/16}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: network, environment: forbidden}
            spec: {cidr: 10.72.0.0/16}
            """;

    static Path specs;

    @BeforeAll
    static void allowOneOfTheSpecsEnvironments() throws IOException {
        Moto.server().reset();
        specs = Files.createTempDirectory("converge-allowed");
        Files.writeString(specs.resolve("two.yaml"), SPEC);
        System.setProperty("converge.aws.endpoint", Moto.server().endpoint().toString());
        System.setProperty("converge.guards.allowed-environments", "allowed");
    }

    @AfterAll
    static void forgetTheConfiguration() {
        System.clearProperty("converge.aws.endpoint");
        System.clearProperty("converge.guards.allowed-environments");
    }

    @Test
    void planAndApply_reachOnlyTheAllowedEnvironment_andSayWhichTheySkipped(QuarkusMainLauncher launcher) {
        LaunchResult plan = launcher.launch("plan", specs.toString());

        assertThat(plan.exitCode()).as(plan.getErrorOutput()).isEqualTo(ExitCodes.CHANGES);
        assertThat(plan.getOutput()).contains("Environment allowed").doesNotContain("Environment forbidden");
        assertThat(plan.getOutput() + plan.getErrorOutput())
                .contains("environment forbidden is not in converge.guards.allowed-environments [allowed]; skipped");

        LaunchResult apply = launcher.launch("apply", specs.toString());

        assertThat(apply.exitCode()).as(apply.getErrorOutput()).isZero();
        assertThat(apply.getOutput()).contains("Apply: 1 done, 0 failed, 0 skipped.");
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator")))
                .build()) {
            assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("tag-key").values("converge:environment"))).vpcs())
                    .singleElement()
                    .satisfies(vpc -> assertThat(vpc.cidrBlock()).isEqualTo("10.71.0.0/16"));
        }
    }
}
