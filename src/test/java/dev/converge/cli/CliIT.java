package dev.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.iam.IamCheck;
import dev.converge.testing.Moto;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The command line as CI and operators use it, against moto: validate, then plan and apply an
 * environment from empty, then plan again after someone changes AWS behind Converge's back.
 */
@QuarkusMainTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: cli}
            spec: {region: us-east-1, mode: enforce}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: network, environment: cli}
            spec: {cidr: 10.70.0.0/16, enableDnsSupport: true}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: SecurityGroup
            metadata: {name: bastion, environment: cli}
            spec:
              vpc: network
              description: SSH from the office
              ingress:
                - {protocol: tcp, ports: 22, from: {cidr: 10.0.0.0/8}, description: office}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: converge-cli-data, environment: cli}
            spec: {versioning: true}
            """;

    private static final List<String> BROKEN = List.of("unknown-field.yaml", "syntax-error.yaml", "wrong-type.yaml", "duplicate-key.yaml");

    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} ");

    static Path specs;
    /** Where every launch appends the AWS operations it called. */
    static Path operations;

    @BeforeAll
    static void pointTheApplicationAtMotoAndASpec() throws IOException {
        Moto.server().reset();
        specs = Files.createTempDirectory("converge-cli");
        Files.writeString(specs.resolve("cli.yaml"), SPEC);
        operations = specs.resolve("aws-operations.txt");
        System.setProperty("converge.aws.endpoint", Moto.server().endpoint().toString());
        System.setProperty("converge.specs.path", specs.toString());
        System.setProperty("converge.aws.operations-file", operations.toString());
    }

    /** Every AWS call a command made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(operations);
    }

    @AfterAll
    static void forgetTheConfiguration() {
        System.clearProperty("converge.aws.endpoint");
        System.clearProperty("converge.specs.path");
        System.clearProperty("converge.aws.operations-file");
        assertThat(IamCheck.operations(operations)).as("AWS operations the commands recorded").contains("Ec2 CreateVpc", "S3 CreateBucket");
    }

    @Test
    @Order(1)
    void validate_acceptsAGoodSpec(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("validate");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("valid: 1 environment(s), 3 resource(s)");
    }

    /** In dev mode Converge starts its own moto for AWS work; validating needs none and must not wait for one. */
    @Test
    @Order(1)
    void validate_startsNoEmulator_evenWhereOneWouldServeAws(QuarkusMainLauncher launcher) throws IOException {
        long motosBefore = motoLogs();
        String endpoint = System.clearProperty("converge.aws.endpoint");
        System.setProperty("converge.aws.local-emulator", "true");
        LaunchResult result;
        try {
            result = launcher.launch("validate");
        } finally {
            System.clearProperty("converge.aws.local-emulator");
            System.setProperty("converge.aws.endpoint", endpoint);
        }

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(motoLogs()).as("moto servers started").isEqualTo(motosBefore);
    }

    @Test
    @Order(2)
    void validate_reportsEveryProblemWithItsLocation_andNoStackTrace(QuarkusMainLauncher launcher) throws Exception {
        Path broken = Files.createTempDirectory("converge-broken");
        Path fixtures = Path.of(CliIT.class.getResource("/specs/broken").toURI());
        for (String fixture : BROKEN) {
            Files.copy(fixtures.resolve(fixture), broken.resolve(fixture));
        }

        LaunchResult result = launcher.launch("validate", broken.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.getErrorStream()).filteredOn(line -> line.startsWith(broken.toString()))
                .extracting(line -> line.substring(broken.toString().length() + 1))
                .satisfiesExactlyInAnyOrder(
                        line -> assertThat(line).startsWith("duplicate-key.yaml:12:3: duplicate key 'cidr'"),
                        line -> assertThat(line).startsWith("syntax-error.yaml:9:5: YAML syntax error"),
                        line -> assertThat(line).startsWith("unknown-field.yaml:10:3: unknown field 'cidrr'"),
                        line -> assertThat(line).startsWith("wrong-type.yaml:11:21: spec.enableDnsSupport: expected a boolean"));
        assertThat(result.getErrorOutput()).doesNotContain("Exception", "\tat ");
    }

    /** What CI runs on every push: the example specs pass, with nothing alarming printed by the application. */
    @Test
    @Order(2)
    void validate_onTheExampleSpecs_printsNoStackTraceOrError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("validate", "specs");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("valid: 2 environment(s)");
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("Exception", "\tat ", "ERROR");
    }

    @Test
    @Order(3)
    void plan_onEmptyAws_listsEveryCreate_andExitsTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("plan", specs.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCodes.CHANGES);
        assertThat(stdout(result)).filteredOn(line -> line.startsWith("  + create")).containsExactly(
                "  + create  Vpc/network",
                "  + create  SecurityGroup/bastion",
                "  + create  Bucket/converge-cli-data");
        assertThat(output(result))
                .contains("      cidr:              10.70.0.0/16")
                .contains("        + tcp 22 10.0.0.0/8 \"office\"")
                .contains("Plan: 3 to create, 0 to update, 0 to delete, 0 reported.");
    }

    @Test
    @Order(4)
    void plan_asJson_isADocumentMachinesCanRead(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("plan", "--output", "json", "--environment", "cli");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCodes.CHANGES);
        JsonNode plan = new ObjectMapper().readTree(output(result));
        assertThat(plan.at("/environments/0/name").asText()).isEqualTo("cli");
        assertThat(plan.at("/environments/0/changes")).extracting(c -> c.get("resource").asText() + " " + c.get("action").asText())
                .containsExactly("Vpc/network create", "SecurityGroup/bastion create", "Bucket/converge-cli-data create");
        assertThat(plan.at("/summary/create").asInt()).isEqualTo(3);
        try (Ec2Client ec2 = operator(Ec2Client.builder()).build()) {
            assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("tag:converge:environment").values("cli"))).vpcs())
                    .as("plan created nothing").isEmpty();
        }
    }

    @Test
    @Order(5)
    void apply_convergesAndSaysWhatItDid_thenPlanHasNothingToDo(QuarkusMainLauncher launcher) {
        LaunchResult apply = launcher.launch("apply");

        assertThat(apply.exitCode()).as(apply.getOutput() + apply.getErrorOutput()).isZero();
        assertThat(stdout(apply)).filteredOn(line -> line.startsWith("  + ") || line.startsWith("  ~ ")).containsExactly(
                "  + create  Vpc/network  done",
                "  + create  SecurityGroup/bastion  done",
                "  + create  Bucket/converge-cli-data  done",
                "  ~ update  SecurityGroup/bastion  done");
        assertThat(output(apply)).contains("Apply: 4 done, 0 failed, 0 skipped.");

        LaunchResult plan = launcher.launch("plan");

        assertThat(plan.exitCode()).as(plan.getOutput()).isZero();
        assertThat(output(plan)).contains("Environment cli: no changes")
                .contains("Plan: 0 to create, 0 to update, 0 to delete, 0 reported.");
    }

    @Test
    @Order(6)
    void plan_afterAnOutOfBandChange_showsExactlyThatField(QuarkusMainLauncher launcher) throws Exception {
        try (S3Client s3 = operatorS3()) {
            s3.putBucketVersioning(r -> r.bucket("converge-cli-data")
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        }

        LaunchResult text = launcher.launch("plan");
        LaunchResult json = launcher.launch("plan", "--output", "json");

        assertThat(text.exitCode()).isEqualTo(ExitCodes.CHANGES);
        assertThat(output(text)).isEqualTo("""
                Environment cli
                  ~ update  Bucket/converge-cli-data
                      versioning:  false → true

                Plan: 0 to create, 1 to update, 0 to delete, 0 reported.
                """);
        assertThat(json.exitCode()).isEqualTo(ExitCodes.CHANGES);
        JsonNode change = new ObjectMapper().readTree(output(json)).at("/environments/0/changes");
        assertThat(change).hasSize(1);
        assertThat(change.get(0).get("fields").toString())
                .isEqualTo("[{\"field\":\"versioning\",\"before\":false,\"after\":true}]");
    }

    @Test
    @Order(7)
    void planUnmanaged_listsAnUntaggedGroupInTheManagedVpc_andChangesNothing(QuarkusMainLauncher launcher) throws Exception {
        try (Ec2Client ec2 = operator(Ec2Client.builder()).build()) {
            String vpc = ec2.describeVpcs(r -> r.filters(f -> f.name("tag:converge:resource").values("Vpc/network"),
                    f -> f.name("tag:converge:environment").values("cli"))).vpcs().get(0).vpcId();
            String stray = ec2.createSecurityGroup(r -> r.groupName("cli-stray").description("by hand").vpcId(vpc)
                    .tagSpecifications(t -> t.resourceType("security-group").tags(n -> n.key("Name").value("stray")))).groupId();
            try {
                LaunchResult text = launcher.launch("plan", "--unmanaged");
                LaunchResult json = launcher.launch("plan", "--unmanaged", "--output", "json");

                assertThat(text.exitCode()).as(text.getErrorOutput()).isEqualTo(ExitCodes.CHANGES);
                assertThat(output(text)).endsWith("""
                        Plan: 0 to create, 1 to update, 0 to delete, 0 reported.

                        Unmanaged in cli (no Converge tags; never changed)
                          ? SecurityGroup  %s  "stray"  in Vpc network
                        """.formatted(stray));
                JsonNode unmanaged = new ObjectMapper().readTree(output(json)).at("/environments/0/unmanaged");
                assertThat(unmanaged.at("/objects/0/awsId").asText()).isEqualTo(stray);
                assertThat(unmanaged.at("/objects/0/vpc").asText()).isEqualTo("network");
                assertThat(unmanaged.at("/objects")).hasSize(1);
                assertThat(ec2.describeSecurityGroups(r -> r.groupIds(stray)).securityGroups().get(0).tags())
                        .extracting(t -> t.key()).containsExactly("Name");
            } finally {
                ec2.deleteSecurityGroup(r -> r.groupId(stray));
            }
        }
    }

    @Test
    @Order(8)
    void usageErrorsExitWith64(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("plan", "--output", "yaml").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(launcher.launch("plan", "--environment", "nowhere").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(launcher.launch("apply", "--no-such-option").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    /** LocalMoto leaves one log file per server it starts. */
    private static long motoLogs() throws IOException {
        try (var logs = Files.list(Path.of("target"))) {
            return logs.filter(p -> p.getFileName().toString().startsWith("moto-")).count();
        }
    }

    /**
     * What the command printed. The test launcher captures the log along with stdout (the packaged
     * application logs to stderr), so log lines are left out here.
     */
    private static List<String> stdout(LaunchResult result) {
        return result.getOutputStream().stream().filter(line -> !LOG_LINE.matcher(line).find()).toList();
    }

    private static String output(LaunchResult result) {
        return String.join("\n", stdout(result)) + "\n";
    }

    /** Nothing listens on port 1: AWS cannot be reached. */
    @Test
    @Order(9)
    void whenAwsCannotBeReached_planAndApplySaySoInOneLine_andExitOne(QuarkusMainLauncher launcher) {
        String endpoint = System.setProperty("converge.aws.endpoint", "http://127.0.0.1:1");
        LaunchResult plan;
        LaunchResult apply;
        try {
            plan = launcher.launch("plan");
            apply = launcher.launch("apply");
        } finally {
            System.setProperty("converge.aws.endpoint", endpoint);
        }

        assertThat(plan.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(plan.getErrorStream()).filteredOn(line -> line.startsWith("converge plan: "))
                .singleElement().asString().startsWith("converge plan: environment cli: ").contains("127.0.0.1:1");
        assertThat(plan.getErrorOutput()).doesNotContain("\tat ");
        assertThat(apply.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(output(apply)).startsWith("Environment cli: pass failed: ").contains("Apply: 0 done, 0 failed, 0 skipped.");
    }

    private static S3Client operatorS3() {
        return operator(S3Client.builder()).forcePathStyle(true).build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B operator(B builder) {
        return builder.endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator")));
    }
}
