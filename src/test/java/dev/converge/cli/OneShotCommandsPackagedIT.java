package dev.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.iam.IamCheck;
import dev.converge.testing.Moto;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The packaged application as a CI runner starts it: a separate JVM with the production configuration,
 * on a machine where ports 8080 and 9000 (Quarkus's production HTTP and management ports) are taken and
 * no setting says anything about HTTP or logging. The one-shot commands work, print only their own
 * output, and never converge on their own. Needs {@code target/quarkus-app}, so surefire runs it after
 * {@code package} (its own execution in the {@code integration-test} phase).
 */
class OneShotCommandsPackagedIT {

    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

    /** Lines the framework writes at start-up and shutdown, and its banner. */
    private static final Pattern FRAMEWORK_LINE = Pattern.compile(
            "\\[io\\.quarkus|\\[io\\.vertx|\\[io\\.netty|\\[io\\.smallrye|Installed features|Profile prod activated"
                    + "|powered by Quarkus|Listening on|stopped in|__  ____  __");

    private static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: oneshot}
            spec: {region: us-east-1}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: network, environment: oneshot}
            spec: {cidr: 10.71.0.0/16}
            """;

    /** Quarkus's production HTTP port and its management port (health and metrics). */
    private static final List<Integer> PORTS = List.of(8080, 9000);

    private static final List<ServerSocket> held = new ArrayList<>();
    /** Where every run of the packaged application appends the AWS operations it called. */
    private static Path operations;

    @BeforeAll
    static void takePorts8080And9000() throws IOException {
        operations = Files.createTempFile("converge-aws-operations", ".txt");
        assertThat(APP).as("the packaged application; run `./mvnw package` first").exists();
        for (int port : PORTS) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(port));
                held.add(socket);
            } catch (BindException takenAlready) {
                socket.close();
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                assertThat(probe.isConnected()).as("something listens on %d", port).isTrue();
            }
        }
        Moto.server().reset();
    }

    @AfterAll
    static void releasePorts() throws IOException {
        for (ServerSocket socket : held) {
            socket.close();
        }
    }

    /** Every AWS call a command made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(operations);
    }

    @Test
    void validate_worksWithPorts8080And9000Taken_andPrintsOnlyItsResult(@TempDir Path specs) throws Exception {
        Files.writeString(specs.resolve("spec.yaml"), SPEC);

        Run run = converge("validate", specs.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("valid: 1 environment(s), 1 resource(s)\n");
        assertThat(run.stderr()).isEmpty();
    }

    /** A one-second interval: a scheduled pass, if there were one, would create the VPC while plan observes. */
    @Test
    void plan_worksWithPorts8080And9000Taken_printsNoFrameworkLines_andNeverConverges(@TempDir Path specs) throws Exception {
        Files.writeString(specs.resolve("spec.yaml"), SPEC);

        Run run = converge("-Dconverge.interval=1s", "plan", specs.toString());

        assertThat(run.exit()).as(run.stderr()).isEqualTo(ExitCodes.CHANGES);
        assertThat(run.stdout()).contains("  + create  Vpc/network", "Plan: 1 to create, 0 to update, 0 to delete, 0 reported.");
        assertThat(run.stderrLines()).noneMatch(line -> FRAMEWORK_LINE.matcher(line).find());
        assertThat(vpcs()).as("VPCs of the environment after plan").isZero();
    }

    @Test
    void apply_worksWithPorts8080And9000Taken_andPrintsNoFrameworkLines(@TempDir Path specs) throws Exception {
        Files.writeString(specs.resolve("spec.yaml"), SPEC.replace("oneshot", "oneshot-apply"));

        Run run = converge("apply", specs.toString());

        assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("  + create  Vpc/network  done", "Apply: 1 done, 0 failed, 0 skipped.");
        assertThat(run.stderrLines()).noneMatch(line -> FRAMEWORK_LINE.matcher(line).find());
        assertThat(IamCheck.operations(operations)).as("AWS operations the packaged application recorded").contains("Ec2 CreateVpc");
    }

    private record Run(int exit, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    /** Runs the packaged application with JVM options and arguments, against moto. */
    private static Run converge(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dconverge.aws.endpoint=" + Moto.server().endpoint(),
                "-Daws.accessKeyId=converge-test", "-Daws.secretAccessKey=converge-test",
                "-Dconverge.aws.operations-file=" + operations));
        List<String> commandLine = new ArrayList<>();
        for (String argument : arguments) {
            (argument.startsWith("-D") ? command : commandLine).add(argument);
        }
        command.add("-jar");
        command.add(APP.toString());
        command.addAll(commandLine);
        Path out = Files.createTempFile("converge-out", ".txt");
        Path err = Files.createTempFile("converge-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("converge " + commandLine + " did not exit");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int vpcs() {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(Moto.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("operator", "operator")))
                .build()) {
            return ec2.describeVpcs(r -> r.filters(f -> f.name("tag:converge:environment").values("oneshot"))).vpcs().size();
        }
    }
}
