package dev.converge.aws.cloudfront;

import dev.converge.model.DistributionSpec;
import dev.converge.model.Fields;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudfront.model.Aliases;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.LoggingConfig;
import software.amazon.awssdk.services.cloudfront.model.MinimumProtocolVersion;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.Origins;
import software.amazon.awssdk.services.cloudfront.model.SSLSupportMethod;
import software.amazon.awssdk.services.cloudfront.model.ViewerCertificate;

/**
 * A distribution's configuration as CloudFront takes and returns it, mapped to and from the spec's
 * fields. Pure: what CloudFront returned goes in, what to send comes out.
 *
 * <p>An update sends the whole configuration back (UpdateDistribution replaces it), so an update starts
 * from the configuration just read and changes only the fields that differ; everything else, set by
 * hand or by CloudFront, goes back as it came.
 */
final class DistributionConfigs {

    /** The one origin Converge declares, which the default behaviour targets. */
    static final String ORIGIN_ID = "origin";
    /** The cache policy of a distribution whose spec names none (the console's default). */
    static final String DEFAULT_CACHE_POLICY = "CachingOptimized";
    /** What SNI-served certificates are offered with: TLS 1.2 at least, AWS's recommended policy. */
    static final MinimumProtocolVersion MINIMUM_PROTOCOL = MinimumProtocolVersion.TLS_V1_2_2021;

    /** An S3 bucket's endpoint: {@code <bucket>.s3.amazonaws.com} or {@code <bucket>.s3.<region>.amazonaws.com}. */
    private static final Pattern S3_DOMAIN = Pattern.compile("(.+)\\.s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?");

    private DistributionConfigs() {}

    /**
     * What a distribution's parts are called in AWS.
     *
     * @param originDomain the origin bucket's regional endpoint
     * @param accessControlId the distribution's origin access control
     * @param loggingDomain the logging bucket's endpoint, or null when the spec declares no logging
     */
    record Targets(String originDomain, String accessControlId, String loggingDomain) {}

    static String originDomain(String bucket, String region) {
        return bucket + ".s3." + region + ".amazonaws.com";
    }

    static String loggingDomain(String bucket) {
        return bucket + ".s3.amazonaws.com";
    }

    /** The bucket an S3 endpoint names, or the domain itself for an origin that is not a bucket. */
    static String bucketOf(String domain) {
        Matcher matcher = S3_DOMAIN.matcher(domain == null ? "" : domain);
        return matcher.matches() ? matcher.group(1) : domain;
    }

    /**
     * The spec's fields as the configuration holds them.
     *
     * @param bucketName a bucket's spec name from its AWS name (the AWS name for one not of the spec)
     * @param accessControlId the distribution's own origin access control, or null when it has none
     * @param accessControlSound whether that control signs every request to an S3 origin with SigV4
     * @param admittedBy the origin buckets (spec names) whose policy holds the distribution's statement
     */
    static Map<String, Object> properties(DistributionConfig config, UnaryOperator<String> bucketName,
            String accessControlId, boolean accessControlSound, Set<String> admittedBy) {
        DefaultCacheBehavior behavior = config.defaultCacheBehavior();
        Origin origin = targetOrigin(config);
        LoggingConfig logging = config.logging();
        ViewerCertificate certificate = config.viewerCertificate();
        return new Fields()
                .put(DistributionSpec.ORIGIN, origin == null ? Map.of()
                        : DistributionSpec.origin(bucketName.apply(bucketOf(origin.domainName())), origin.originPath()))
                .put(DistributionSpec.ORIGIN_ACCESS_CONTROL, origin != null && readsThrough(origin, accessControlId, accessControlSound))
                .put(DistributionSpec.BUCKET_POLICY, new TreeSet<>(admittedBy))
                .put(DistributionSpec.ENABLED, config.enabled())
                .put(DistributionSpec.DEFAULT_ROOT_OBJECT, orEmpty(config.defaultRootObject()))
                .put(DistributionSpec.VIEWER_PROTOCOL_POLICY, behavior == null ? null : behavior.viewerProtocolPolicyAsString())
                .put(DistributionSpec.CACHE_POLICY, behavior == null ? null : orEmpty(behavior.cachePolicyId()))
                .put(DistributionSpec.ALIASES, config.aliases() == null ? new TreeSet<>() : new TreeSet<>(config.aliases().items()))
                .put(DistributionSpec.CERTIFICATE_ARN, certificate == null ? "" : orEmpty(certificate.acmCertificateArn()))
                .put(DistributionSpec.PRICE_CLASS, config.priceClassAsString())
                .put(DistributionSpec.LOGGING, logging == null || !Boolean.TRUE.equals(logging.enabled()) ? Map.of()
                        : DistributionSpec.logging(bucketName.apply(bucketOf(logging.bucket())), logging.prefix(),
                                Boolean.TRUE.equals(logging.includeCookies())))
                .build();
    }

    /**
     * Whether the origin reads through the distribution's own control, and that control signs always.
     * AWS returns every origin's control id, "" for none, so an id that is not the control's is drift. A
     * response without the element at all (moto keeps no control ids) is no evidence that the origin
     * reads otherwise than it was configured to: only what the control itself shows counts then.
     */
    static boolean readsThrough(Origin origin, String accessControlId, boolean accessControlSound) {
        boolean ours = origin.originAccessControlId() == null ? accessControlId != null
                : origin.originAccessControlId().equals(accessControlId);
        return ours && accessControlSound;
    }

    /** The origin the default behaviour sends requests to. */
    static Origin targetOrigin(DistributionConfig config) {
        if (config.origins() == null || !config.origins().hasItems() || config.origins().items().isEmpty()) {
            return null;
        }
        String target = config.defaultCacheBehavior() == null ? null : config.defaultCacheBehavior().targetOriginId();
        return config.origins().items().stream()
                .filter(o -> o.id().equals(target))
                .findFirst()
                .orElse(config.origins().items().get(0));
    }

    /** A new distribution's configuration: every declared field, CloudFront's defaults for the rest. */
    static DistributionConfig create(DistributionSpec spec, String callerReference, String comment, Targets targets) {
        DistributionConfig.Builder config = DistributionConfig.builder()
                .callerReference(callerReference)
                .comment(comment)
                .enabled(spec.enabled() == null || spec.enabled())
                .origins(origins(spec, targets))
                .defaultCacheBehavior(DefaultCacheBehavior.builder()
                        .targetOriginId(ORIGIN_ID)
                        .viewerProtocolPolicy(spec.effectiveViewerProtocolPolicy())
                        .cachePolicyId(cachePolicyId(spec))
                        .build())
                .viewerCertificate(certificate(spec.certificateArn()))
                .aliases(aliases(spec.aliases() == null ? List.of() : spec.aliases()));
        if (spec.defaultRootObject() != null) {
            config.defaultRootObject(spec.defaultRootObject());
        }
        if (spec.priceClass() != null) {
            config.priceClass(spec.priceClass());
        }
        if (spec.logging() != null) {
            config.logging(logging(spec.logging(), targets.loggingDomain()));
        }
        return config.build();
    }

    /** The live configuration with the listed spec fields brought to their declared values. */
    static DistributionConfig apply(DistributionConfig live, DistributionSpec spec, Collection<String> fields, Targets targets) {
        DistributionConfig.Builder config = live.toBuilder();
        DefaultCacheBehavior.Builder behavior = live.defaultCacheBehavior().toBuilder();
        for (String field : fields) {
            switch (field) {
                case DistributionSpec.ORIGIN, DistributionSpec.ORIGIN_ACCESS_CONTROL -> {
                    config.origins(origins(spec, targets));
                    behavior.targetOriginId(ORIGIN_ID);
                }
                case DistributionSpec.ENABLED -> config.enabled(spec.enabled());
                case DistributionSpec.DEFAULT_ROOT_OBJECT -> config.defaultRootObject(spec.defaultRootObject());
                case DistributionSpec.VIEWER_PROTOCOL_POLICY -> behavior.viewerProtocolPolicy(spec.effectiveViewerProtocolPolicy());
                // a cache policy replaces the legacy cache settings, which CloudFront refuses alongside one
                case DistributionSpec.CACHE_POLICY -> behavior.cachePolicyId(cachePolicyId(spec))
                        .forwardedValues((software.amazon.awssdk.services.cloudfront.model.ForwardedValues) null)
                        .minTTL(null).defaultTTL(null).maxTTL(null);
                case DistributionSpec.ALIASES -> config.aliases(aliases(spec.aliases()));
                case DistributionSpec.CERTIFICATE_ARN -> config.viewerCertificate(certificate(spec.certificateArn()));
                case DistributionSpec.PRICE_CLASS -> config.priceClass(spec.priceClass());
                case DistributionSpec.LOGGING -> config.logging(logging(spec.logging(), targets.loggingDomain()));
                default -> throw new IllegalArgumentException("Distribution field " + field + " is not part of its configuration");
            }
        }
        return config.defaultCacheBehavior(behavior.build()).build();
    }

    /** The configuration with the distribution disabled, the first step of deleting it. */
    static DistributionConfig disabled(DistributionConfig live) {
        return live.toBuilder().enabled(false).build();
    }

    private static Origins origins(DistributionSpec spec, Targets targets) {
        Origin origin = Origin.builder()
                .id(ORIGIN_ID)
                .domainName(targets.originDomain())
                .originPath(orEmpty(spec.origin().path()))
                .originAccessControlId(targets.accessControlId())
                // with an origin access control, the legacy origin access identity stays empty
                .s3OriginConfig(s3 -> s3.originAccessIdentity(""))
                .build();
        return Origins.builder().quantity(1).items(origin).build();
    }

    private static String cachePolicyId(DistributionSpec spec) {
        return DistributionSpec.cachePolicyId(spec.cachePolicy() == null ? DEFAULT_CACHE_POLICY : spec.cachePolicy())
                .orElseThrow(() -> new IllegalArgumentException("'" + spec.cachePolicy() + "' is neither a managed cache policy nor a policy id"));
    }

    private static Aliases aliases(List<String> aliases) {
        List<String> sorted = List.copyOf(new TreeSet<>(aliases));
        return Aliases.builder().quantity(sorted.size()).items(sorted).build();
    }

    private static ViewerCertificate certificate(String certificateArn) {
        if (certificateArn == null) {
            return ViewerCertificate.builder().cloudFrontDefaultCertificate(true).build();
        }
        return ViewerCertificate.builder()
                .cloudFrontDefaultCertificate(false)
                .acmCertificateArn(certificateArn)
                .sslSupportMethod(SSLSupportMethod.SNI_ONLY)
                .minimumProtocolVersion(MINIMUM_PROTOCOL)
                .build();
    }

    private static LoggingConfig logging(DistributionSpec.Logging logging, String domain) {
        return LoggingConfig.builder()
                .enabled(true)
                .bucket(domain)
                .prefix(orEmpty(logging.prefix()))
                .includeCookies(Boolean.TRUE.equals(logging.includeCookies()))
                .build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
