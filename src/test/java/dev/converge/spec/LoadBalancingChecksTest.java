package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.BROKEN;
import static dev.converge.spec.SpecFixtures.assertSingleError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.ListenerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What ELBv2 refuses of load balancers, target groups, listeners and the fleets behind them, caught offline. */
class LoadBalancingChecksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            listener-target-group-other-vpc.yaml           | 44 | 28 | spec.defaultAction.forward: TargetGroup 'api' is in Vpc 'other', but the listener's load balancer is in Vpc 'prod'
            listener-rule-forwarding-to-other-vpc.yaml     | 51 | 60 | spec.rules[0].forward: TargetGroup 'legacy' is in Vpc 'other', but the listener's load balancer is in Vpc 'prod'
            listener-https-without-certificate.yaml        | 43 | 13 | spec.protocol: an HTTPS listener needs a certificateArn (an ACM certificate's ARN)
            load-balancer-one-zone.yaml                    | 35 | 12 | spec.subnets: the subnets are all in us-east-1a; an Application Load Balancer needs subnets in at least 2 zones
            asg-elb-health-check-without-target-groups.yaml | 39 | 20 | spec.healthCheckType: ELB health checks come from the group's target groups; declare targetGroups (or targetGroupArns)
            target-group-name-too-long.yaml                | 28 | 18 | metadata.name: the AWS name 'prod-api-fleet-behind-the-public-balancer' (<environment>-<name>) is 41 characters long; ELBv2 allows at most 32
            """)
    void validate_reportsWhatElbWouldRefuse_once_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    /** An ACM certificate, as AWS documents its ARN, is what an HTTPS listener usually serves. */
    @Test
    void anHttpsListenerWithAnAcmCertificate_isValid(@TempDir Path spec) throws IOException {
        Path file = spec.resolve("https.yaml");
        Files.writeString(file, Files.readString(BROKEN.resolve("listener-https-without-certificate.yaml")).replace(
                "  protocol: HTTPS\n",
                "  protocol: HTTPS\n  certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\n"));

        ListenerSpec listener = SpecLoader.load(file).resourcesOf("prod").stream()
                .filter(r -> r.kind().equals(ListenerSpec.KIND))
                .findFirst().orElseThrow().spec(ListenerSpec.class);

        assertThat(listener.certificateArn()).endsWith(":certificate/12345678-1234-1234-1234-123456789012");
    }
}
