package dev.converge.aws.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.DistributionSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

/**
 * A distribution's configuration as AWS returns it, mapped to the spec's fields, and what an update
 * sends back. The configurations are shaped as GetDistributionConfig's documented response: every origin
 * carries {@code OriginAccessControlId}, "" when it has none (moto leaves the element out, see
 * DistributionIT).
 */
class DistributionConfigsTest {

    private static final String CONTROL = "E2QWRUHAPOMQZL";

    @Test
    void anOriginReadingThroughTheDistributionsControl_isSound_anyOtherOrNone_isDrift() {
        assertThat(readsThrough(CONTROL, CONTROL, true)).isTrue();
        assertThat(readsThrough("", CONTROL, true)).as("no control on the origin").isFalse();
        assertThat(readsThrough("E1OTHERCONTROL", CONTROL, true)).as("someone else's control").isFalse();
        assertThat(readsThrough(CONTROL, CONTROL, false)).as("its control no longer signs always").isFalse();
        assertThat(readsThrough(CONTROL, null, false)).as("its control was deleted").isFalse();
        assertThat(readsThrough(null, CONTROL, true)).as("a response without the element says nothing against it").isTrue();
    }

    @Test
    void theFieldsAsCompared_nameBucketsByTheirSpecNames() {
        DistributionConfig config = awsShaped(CONTROL);

        Map<String, Object> fields = DistributionConfigs.properties(config,
                bucket -> Map.of("acme-prod-web-assets", "prod-web-assets", "acme-prod-logs", "prod-logs").getOrDefault(bucket, bucket),
                CONTROL, true, Set.of("prod-web-assets"));

        assertThat(fields).containsEntry(DistributionSpec.ORIGIN, DistributionSpec.origin("prod-web-assets", ""))
                .containsEntry(DistributionSpec.ORIGIN_ACCESS_CONTROL, true)
                .containsEntry(DistributionSpec.VIEWER_PROTOCOL_POLICY, "redirect-to-https")
                .containsEntry(DistributionSpec.CACHE_POLICY, "658327ea-f89d-4fab-a63d-7e88639e58f6")
                .containsEntry(DistributionSpec.ALIASES, Set.of("www.example.com"))
                .containsEntry(DistributionSpec.LOGGING, DistributionSpec.logging("prod-logs", "cdn/", false))
                .containsEntry(DistributionSpec.BUCKET_POLICY, Set.of("prod-web-assets"));
    }

    @Test
    void anUpdate_changesOnlyTheFieldsThatDiffer_andSendsTheRestBackAsItCame() {
        DistributionConfig live = awsShaped("");
        DistributionSpec spec = new DistributionSpec(new DistributionSpec.Origin("prod-web-assets", null), null, "index.html",
                "redirect-to-https", "CachingOptimized", List.of("www.example.com"), null, "PriceClass_200", null, Map.of(), null);

        DistributionConfig updated = DistributionConfigs.apply(live, spec,
                List.of(DistributionSpec.ORIGIN_ACCESS_CONTROL, DistributionSpec.PRICE_CLASS),
                new DistributionConfigs.Targets("acme-prod-web-assets.s3.us-east-1.amazonaws.com", CONTROL, null));

        assertThat(updated.origins().items().get(0).originAccessControlId()).isEqualTo(CONTROL);
        assertThat(updated.priceClassAsString()).isEqualTo("PriceClass_200");
        assertThat(updated.comment()).isEqualTo("set by hand");
        assertThat(updated.logging()).isEqualTo(live.logging());
        assertThat(updated.viewerCertificate()).isEqualTo(live.viewerCertificate());
    }

    @Test
    void bucketsAreNamedByTheirEndpoints_otherOriginsByTheirDomain() {
        assertThat(DistributionConfigs.bucketOf("acme-prod-web-assets.s3.us-east-1.amazonaws.com")).isEqualTo("acme-prod-web-assets");
        assertThat(DistributionConfigs.bucketOf("acme-prod-logs.s3.amazonaws.com")).isEqualTo("acme-prod-logs");
        assertThat(DistributionConfigs.bucketOf("api.example.com")).isEqualTo("api.example.com");
    }

    private static boolean readsThrough(String originControl, String ownControl, boolean sound) {
        return DistributionConfigs.readsThrough(awsShaped(originControl).origins().items().get(0), ownControl, sound);
    }

    /** GetDistributionConfig's DistributionConfig as AWS documents it, trimmed to what Converge reads. */
    private static DistributionConfig awsShaped(String originAccessControlId) {
        return DistributionConfig.builder()
                .callerReference("converge-1")
                .comment("set by hand")
                .enabled(true)
                .defaultRootObject("index.html")
                .aliases(a -> a.quantity(1).items("www.example.com"))
                .origins(o -> o.quantity(1).items(origin -> origin.id("origin")
                        .domainName("acme-prod-web-assets.s3.us-east-1.amazonaws.com")
                        .originPath("")
                        .originAccessControlId(originAccessControlId)
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(b -> b.targetOriginId("origin").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .priceClass("PriceClass_100")
                .logging(l -> l.enabled(true).includeCookies(false).bucket("acme-prod-logs.s3.amazonaws.com").prefix("cdn/"))
                .viewerCertificate(v -> v.cloudFrontDefaultCertificate(true))
                .build();
    }
}
