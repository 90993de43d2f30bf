package dev.converge.spec;

import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.PublicAccessBlock;
import dev.converge.model.DistributionSpec;
import dev.converge.model.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The distribution checks: the origin is a private bucket of the environment (its public access block
 * with all four settings on; CloudFront reads it through the distribution's origin access control) whose
 * policy the spec leaves to the distributions (each owns a statement in it); logs go to another bucket of
 * the environment, in a region CloudFront delivers logs to; aliases come with an ACM certificate, which
 * CloudFront takes only from us-east-1; the cache policy is a managed one by name or any by id. That the
 * buckets are the environment's own is the reference check every kind has.
 */
final class DistributionChecks {

    /** CloudFront's limit on an origin access control's name. */
    static final int MAX_ACCESS_CONTROL_NAME = 64;
    /**
     * Regions whose buckets CloudFront does not deliver standard logs to, as AWS's documentation of
     * standard logging lists them.
     */
    static final Set<String> NO_LOG_DELIVERY = Set.of("af-south-1", "ap-east-1", "eu-south-1", "me-south-1");
    private static final Pattern CERTIFICATE = Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final String CERTIFICATE_REGION = "us-east-1";
    private static final Pattern ALIAS = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private static final List<String> VIEWER_PROTOCOL_POLICIES = List.of("redirect-to-https", "https-only", "allow-all");
    private static final List<String> PRICE_CLASSES = List.of("PriceClass_All", "PriceClass_200", "PriceClass_100");

    private final SpecIndex index;
    private final Findings findings;

    DistributionChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        if (!(declaration.resource().spec() instanceof DistributionSpec distribution)) {
            return;
        }
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        String accessControl = DistributionSpec.accessControlName(env, declaration.resource().name());
        if (accessControl.length() > MAX_ACCESS_CONTROL_NAME) {
            findings.at(source, "/metadata/name", "the origin access control's name '" + accessControl + "' is " + accessControl.length()
                    + " characters long; CloudFront allows at most " + MAX_ACCESS_CONTROL_NAME);
        }
        origin(distribution, env, source);
        logging(distribution, env, source);
        aliases(distribution, source);
        oneOf(source, DistributionSpec.VIEWER_PROTOCOL_POLICY, distribution.viewerProtocolPolicy(), VIEWER_PROTOCOL_POLICIES);
        oneOf(source, DistributionSpec.PRICE_CLASS, distribution.priceClass(), PRICE_CLASSES);
        if (distribution.cachePolicy() != null && DistributionSpec.cachePolicyId(distribution.cachePolicy()).isEmpty()) {
            findings.at(source, "/spec/" + DistributionSpec.CACHE_POLICY, "'" + distribution.cachePolicy()
                    + "' is neither a managed cache policy (" + String.join(", ", DistributionSpec.MANAGED_CACHE_POLICIES.keySet())
                    + ") nor a cache policy id");
        }
        if (distribution.defaultRootObject() != null && distribution.defaultRootObject().startsWith("/")) {
            findings.at(source, "/spec/" + DistributionSpec.DEFAULT_ROOT_OBJECT, "the default root object is an object's key,"
                    + " without a leading /, such as index.html");
        }
    }

    private void oneOf(DocumentSource source, String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            findings.at(source, "/spec/" + field, "'" + value + "' is not one of " + String.join(", ", allowed));
        }
    }

    private void origin(DistributionSpec distribution, String env, DocumentSource source) {
        String at = "/spec/" + DistributionSpec.ORIGIN;
        if (!findings.required(source, at, distribution.origin()) || !findings.required(source, at + "/bucket", distribution.origin().bucket())) {
            return;
        }
        String name = distribution.origin().bucket();
        String path = distribution.origin().path();
        if (path != null && (!path.startsWith("/") || path.endsWith("/"))) {
            findings.at(source, at + "/path", "an origin path starts with / and does not end with one, such as /site");
        }
        bucketOf(env, name).ifPresent(bucket -> {
            PublicAccessBlock block = bucket.publicAccessBlock();
            if (block == null || !(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy() && block.restrictPublicBuckets())) {
                findings.at(source, at + "/bucket", "Bucket '" + name + "' does not declare a public access block with all four settings on;"
                        + " a distribution serves a private bucket through its origin access control, so declare"
                        + " publicAccessBlock: {blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true}");
            }
            if (bucket.policy() != null) {
                findings.at(source, at + "/bucket", "Bucket '" + name + "' declares a whole policy, which each pass would put back"
                        + " without the statement that admits this distribution; the distributions own their statements in"
                        + " an origin bucket's policy, so leave policy out of Bucket '" + name + "'");
            }
        });
    }

    private void logging(DistributionSpec distribution, String env, DocumentSource source) {
        if (distribution.logging() == null) {
            return;
        }
        String at = "/spec/" + DistributionSpec.LOGGING;
        String name = distribution.logging().bucket();
        if (!findings.required(source, at + "/bucket", name)) {
            return;
        }
        if (distribution.origin() != null && name.equals(distribution.origin().bucket())) {
            findings.at(source, at + "/bucket", "the logs would go to the bucket the distribution serves, and so be served"
                    + " too; log to another bucket");
        }
        String prefix = distribution.logging().prefix();
        if (prefix != null && prefix.startsWith("/")) {
            findings.at(source, at + "/prefix", "a log prefix is a key prefix, without a leading /, such as cdn/web/");
        }
        String region = index.environment(env).map(e -> e.environment().region()).orElse(null);
        if (bucketOf(env, name).isPresent() && region != null && NO_LOG_DELIVERY.contains(region)) {
            findings.at(source, at + "/bucket", "Bucket '" + name + "' is in " + region + ", where CloudFront delivers no standard logs;"
                    + " log to a bucket of an environment in another region");
        }
        if (bucketOf(env, name).isPresent()) {
            findings.warn(source, at + "/bucket", "CloudFront writes standard logs through the bucket's ACL, which S3 disables on new"
                    + " buckets (Object Ownership BucketOwnerEnforced) and the Bucket kind does not manage: set Bucket '" + name
                    + "'s Object Ownership to BucketOwnerPreferred, or CloudFront refuses the logging configuration");
        }
    }

    private void aliases(DistributionSpec distribution, DocumentSource source) {
        List<String> aliases = distribution.aliases();
        String certificate = distribution.certificateArn();
        if (aliases != null) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < aliases.size(); i++) {
                String alias = aliases.get(i);
                String at = "/spec/" + DistributionSpec.ALIASES + "/" + i;
                if (alias == null || !ALIAS.matcher(alias).matches()) {
                    findings.at(source, at, "'" + alias + "' is not a domain name (lowercase, such as www.example.com or *.example.com)");
                } else if (seen.putIfAbsent(alias, i) != null) {
                    findings.at(source, at, "'" + alias + "' is listed twice");
                }
            }
            if (!aliases.isEmpty() && certificate == null) {
                findings.at(source, "/spec/" + DistributionSpec.ALIASES, "aliases are served over HTTPS with a certificate that covers"
                        + " them: set certificateArn to an ACM certificate in us-east-1");
            }
        }
        if (certificate == null) {
            return;
        }
        String at = "/spec/" + DistributionSpec.CERTIFICATE_ARN;
        var matcher = CERTIFICATE.matcher(certificate);
        if (!matcher.matches()) {
            findings.at(source, at, "'" + certificate + "' is not an ACM certificate ARN (arn:aws:acm:us-east-1:<account>:certificate/<id>)");
        } else if (aliases != null && !aliases.isEmpty() && !CERTIFICATE_REGION.equals(matcher.group(1))) {
            findings.at(source, at, "the certificate is in " + matcher.group(1) + "; CloudFront takes certificates for aliases only"
                    + " from ACM in us-east-1");
        }
    }

    private Optional<BucketSpec> bucketOf(String env, String name) {
        return index.resource(env, ResourceKey.of(BucketSpec.KIND, name))
                .map(d -> d.resource().spec())
                .filter(BucketSpec.class::isInstance)
                .map(BucketSpec.class::cast);
    }
}
