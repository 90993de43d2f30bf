package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.FaultProxy.Fault;
import dev.converge.testing.Harness;
import dev.converge.testing.LogCapture;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/** A failed AWS call says which call it was, what AWS answered and the request id to quote to AWS support. */
class AwsFailuresIT {

    private static final Environment ENV = Harness.environment("failures", Mode.ENFORCE);

    /** moto, like AWS, refuses a subnet outside its VPC's block. */
    @Test
    void aRefusedStep_reportsTheCallTheCodeTheMessageAndTheRequestId_inThePassReportAndTheLog() {
        List<Resource> resources = List.of(
                new Resource(ResourceKey.of(VpcSpec.KIND, "main"), "failures", Map.of(),
                        new VpcSpec("10.30.0.0/16", true, true, false, Map.of(), Management.DEFAULT)),
                new Resource(ResourceKey.of(SubnetSpec.KIND, "outside"), "failures", Map.of(),
                        new SubnetSpec("main", "us-east-1a", "10.99.0.0/24", false, Map.of(), Management.DEFAULT)));

        PassReport report;
        String log;
        try (LogCapture capture = LogCapture.start(); Harness harness = new Harness()) {
            report = harness.pass(ENV, resources);
            log = capture.text();
        }

        Outcome failed = report.outcomes().stream().filter(o -> o.result() == Outcome.Result.ERROR).findFirst().orElseThrow();
        assertThat(failed.change().key().toString()).isEqualTo("Subnet/outside");
        assertThat(failed.error())
                .contains("Ec2 CreateSubnet: InvalidSubnet.Range: ")
                .containsPattern("\\(HTTP 400, request id [^) ]+\\)")
                .doesNotContain("<");
        assertThat(log).contains("Subnet/outside failed: " + failed.error());
        assertThat(log).containsPattern("\"call\":\"Ec2:CreateSubnet\",\"outcome\":\"error\".*request id");
    }

    @Test
    void aTimedOutCall_namesServiceAndOperation() {
        try (FaultProxy proxy = FaultProxy.start(Moto.server().endpoint(), 7, Duration.ofSeconds(5))) {
            proxy.inject(Fault.SLOW, 1.0, "ec2:CreateVpc"::equals);
            AwsClientFactory factory = new AwsClientFactory(
                    new AwsSettings(Optional.of(proxy.endpoint()), "us-east-1", Duration.ofSeconds(1), Harness.RESILIENCE),
                    new SimpleMeterRegistry());

            Throwable failure;
            try (AwsClients clients = factory.clientsFor(ENV)) {
                failure = catchThrowable(() -> clients.ec2().createVpc(r -> r.cidrBlock("10.31.0.0/16")));
            }

            assertThat(failure).isInstanceOf(ApiCallTimeoutException.class);
            assertThat(failure.getMessage()).startsWith("Ec2 CreateVpc: ");
            assertThat(AwsFailures.describe(new IllegalStateException("could not create Vpc/main", failure)))
                    .startsWith("could not create Vpc/main: Ec2 CreateVpc: ")
                    .contains("timeout");
        }
    }
}
