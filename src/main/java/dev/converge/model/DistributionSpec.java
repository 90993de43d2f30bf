package dev.converge.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A CloudFront distribution in front of one bucket of its environment. CloudFront reaches the bucket
 * through an origin access control of the distribution's own (AWS name {@code <environment>-<name>}),
 * which signs every request to the bucket; the bucket stays private behind its public access block.
 *
 * <p>The distribution also owns what lets it read: one statement in the origin bucket's policy, with the
 * Sid {@link #statementId}, allowing {@code s3:GetObject} to the CloudFront service principal only for
 * requests on behalf of this distribution ({@code AWS:SourceArn}), the shape of AWS's OAC documentation.
 * The rest of the bucket policy is left alone, so several distributions can front one bucket, and the
 * Bucket kind never writes it (validation refuses a whole {@code policy} on an origin bucket).
 *
 * @param origin the bucket the distribution serves, and an optional path inside it
 * @param enabled whether the distribution serves requests; CloudFront's default, true, when left out
 * @param defaultRootObject the object served for the root URL ({@code index.html})
 * @param viewerProtocolPolicy how viewers may connect; {@code redirect-to-https} when left out, and
 *     enforced either way: serving over plain HTTP is never left to whoever edits the console
 * @param cachePolicy the default behaviour's cache policy: a managed policy by name
 *     ({@link #MANAGED_CACHE_POLICIES}) or any cache policy by id
 * @param aliases the distribution's alternate domain names; they need {@code certificateArn}
 * @param certificateArn an ACM certificate in us-east-1 covering the aliases, served by SNI with TLS 1.2
 *     at least; without it the distribution serves its {@code *.cloudfront.net} name with CloudFront's
 * @param priceClass which edge locations serve it
 * @param logging standard access logs, to a bucket of the environment
 */
public record DistributionSpec(
        @SpecField(required = true) Origin origin,
        Boolean enabled,
        String defaultRootObject,
        @SpecField(values = {"redirect-to-https", "https-only", "allow-all"}) String viewerProtocolPolicy,
        String cachePolicy,
        List<String> aliases,
        String certificateArn,
        @SpecField(values = {"PriceClass_All", "PriceClass_200", "PriceClass_100"}) String priceClass,
        Logging logging,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Distribution";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String ORIGIN = "origin";
    public static final String ENABLED = "enabled";
    public static final String DEFAULT_ROOT_OBJECT = "defaultRootObject";
    public static final String VIEWER_PROTOCOL_POLICY = "viewerProtocolPolicy";
    public static final String CACHE_POLICY = "cachePolicy";
    public static final String ALIASES = "aliases";
    public static final String CERTIFICATE_ARN = "certificateArn";
    public static final String PRICE_CLASS = "priceClass";
    public static final String LOGGING = "logging";

    /**
     * Whether the origin reads through the distribution's own origin access control, signing always;
     * not a field people write, but what keeps the bucket private, and drift when someone changes it.
     */
    public static final String ORIGIN_ACCESS_CONTROL = "originAccessControl";

    /**
     * The origin buckets whose policy admits the distribution (its statement, as it must be); not a
     * field people write, and drift when someone removes the statement.
     */
    public static final String BUCKET_POLICY = "bucketPolicy";

    private static final String REDIRECT_TO_HTTPS = "redirect-to-https";

    /**
     * CloudFront's managed cache policies by name, with the ids the API takes, as listed in "Use managed
     * cache policies" of the CloudFront Developer Guide. A name is matched ignoring case and an optional
     * {@code Managed-} prefix (the console's spelling).
     */
    public static final Map<String, String> MANAGED_CACHE_POLICIES = managedCachePolicies();

    private static final Pattern POLICY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * @param bucket a Bucket of the distribution's environment
     * @param path a path inside the bucket CloudFront prepends to every request ({@code /site}), or none
     */
    public record Origin(@SpecField(required = true) String bucket, String path) {}

    /**
     * @param bucket a Bucket of the distribution's environment that receives the logs
     * @param prefix the key prefix of the log files, or none
     * @param includeCookies whether the logs include cookies
     */
    public record Logging(@SpecField(required = true) String bucket, String prefix, Boolean includeCookies) {}

    public DistributionSpec {
        aliases = Specs.copy(aliases);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    private static Map<String, String> managedCachePolicies() {
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("Amplify", "2e54312d-136d-493c-8eb9-b001f22f67d2");
        policies.put("CachingDisabled", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        policies.put("CachingOptimized", "658327ea-f89d-4fab-a63d-7e88639e58f6");
        policies.put("CachingOptimizedForUncompressedObjects", "b2884449-e4de-46a7-ac36-70bc7f1ddd6d");
        return Collections.unmodifiableMap(policies);
    }

    /** The id of a cache policy given by managed name or by id; empty for neither. */
    public static Optional<String> cachePolicyId(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        String trimmed = nameOrId.trim();
        if (POLICY_ID.matcher(trimmed).matches()) {
            return Optional.of(trimmed);
        }
        String name = trimmed.toLowerCase(Locale.ROOT).startsWith("managed-") ? trimmed.substring("managed-".length()) : trimmed;
        return MANAGED_CACHE_POLICIES.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The distribution's origin access control's name (and, with the environment's name, its key). */
    public static String accessControlName(String environment, String name) {
        return environment + "-" + name;
    }

    /** The Sid of the statement by which distribution {@code name} of {@code environment} may read its origin bucket. */
    public static String statementId(String environment, String name) {
        return "converge-distribution-" + environment + "-" + name;
    }

    /** The viewer protocol policy the distribution must have: the declared one, else redirect-to-https. */
    public String effectiveViewerProtocolPolicy() {
        return viewerProtocolPolicy == null ? REDIRECT_TO_HTTPS : viewerProtocolPolicy;
    }

    /** The origin as compared: the bucket's spec name and the path, "" for none. */
    public static Map<String, Object> origin(String bucket, String path) {
        return Map.of("bucket", bucket, "path", path == null ? "" : path);
    }

    /** Logging as compared: the bucket's spec name, the prefix ("" for none) and whether cookies are logged. */
    public static Map<String, Object> logging(String bucket, String prefix, boolean includeCookies) {
        return Map.of("bucket", bucket, "prefix", prefix == null ? "" : prefix, "includeCookies", includeCookies);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (origin != null && origin.bucket() != null) {
            references.add(Reference.ordering(BucketSpec.KIND, origin.bucket(), ORIGIN + ".bucket"));
        }
        if (logging != null && logging.bucket() != null) {
            references.add(Reference.ordering(BucketSpec.KIND, logging.bucket(), LOGGING + ".bucket"));
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(ORIGIN, origin == null || origin.bucket() == null ? null : origin(origin.bucket(), origin.path()))
                .put(ORIGIN_ACCESS_CONTROL, origin == null ? null : true)
                .put(BUCKET_POLICY, origin == null || origin.bucket() == null ? null : new TreeSet<>(Set.of(origin.bucket())))
                .put(ENABLED, enabled)
                .put(DEFAULT_ROOT_OBJECT, defaultRootObject)
                .put(VIEWER_PROTOCOL_POLICY, effectiveViewerProtocolPolicy())
                .put(CACHE_POLICY, cachePolicyId(cachePolicy).orElse(cachePolicy))
                .put(ALIASES, aliases == null ? null : new TreeSet<>(aliases))
                .put(CERTIFICATE_ARN, certificateArn)
                .put(PRICE_CLASS, priceClass)
                .put(LOGGING, logging == null || logging.bucket() == null ? null
                        : logging(logging.bucket(), logging.prefix(), Boolean.TRUE.equals(logging.includeCookies())))
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
