package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.assertSingleError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.BucketSpec;
import dev.converge.model.DistributionSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of distributions: located errors for what CloudFront would refuse or what would expose a bucket. */
class DistributionChecksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            distribution-over-public-bucket.yaml               | 16 | 20 | spec.origin.bucket: Bucket 'web' does not declare a public access block with all four settings on
            distribution-over-partly-blocked-bucket.yaml       | 18 | 20 | spec.origin.bucket: Bucket 'web' does not declare a public access block with all four settings on
            distribution-undeclared-origin-bucket.yaml         | 25 | 20 | spec.origin.bucket: Bucket 'assets' is not defined in environment 'prod' (defined: logs, web)
            distribution-origin-bucket-with-policy.yaml        | 22 | 20 | spec.origin.bucket: Bucket 'web' declares a whole policy
            distribution-logs-to-origin-bucket.yaml            | 26 | 21 | spec.logging.bucket: the logs would go to the bucket the distribution serves
            distribution-logs-to-undeclared-bucket.yaml        | 26 | 21 | spec.logging.bucket: Bucket 'audit' is not defined in environment 'prod'
            distribution-logs-in-region-without-delivery.yaml  | 26 | 21 | spec.logging.bucket: Bucket 'logs' is in af-south-1, where CloudFront delivers no standard logs
            distribution-certificate-outside-us-east-1.yaml    | 27 | 19 | spec.certificateArn: the certificate is in eu-west-1; CloudFront takes certificates for aliases only from ACM in us-east-1
            distribution-aliases-without-certificate.yaml      | 26 | 12 | spec.aliases: aliases are served over HTTPS with a certificate that covers them
            distribution-unknown-cache-policy.yaml             | 26 | 16 | spec.cachePolicy: 'CachingFast' is neither a managed cache policy
            distribution-unknown-viewer-protocol-policy.yaml   | 26 | 25 | spec.viewerProtocolPolicy: 'https-preferred' is not one of redirect-to-https, https-only, allow-all
            """)
    void validate_reportsABrokenDistributionOnce_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @Test
    void aDistributionIsCreatedAfterTheBucketsItServesAndLogsTo_andLoggingWarnsOfTheBucketsAcl() {
        DesiredState state = SpecLoader.load(Path.of("src/test/resources/specs/cdn/cdn.yaml"));
        Resource web = state.resourcesOf("cdn").stream()
                .filter(r -> r.key().equals(ResourceKey.of(DistributionSpec.KIND, "web"))).findFirst().orElseThrow();

        assertThat(web.references()).extracting(r -> r.target())
                .containsExactly(ResourceKey.of(BucketSpec.KIND, "web"), ResourceKey.of(BucketSpec.KIND, "logs"));
        assertThat(web.references()).allMatch(r -> r.ordering());
        assertThat(state.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .contains("spec.logging.bucket", "Object Ownership", "BucketOwnerPreferred"));
    }
}
