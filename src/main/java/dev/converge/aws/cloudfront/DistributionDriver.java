package dev.converge.aws.cloudfront;

import dev.converge.aws.BoundedParallel;
import dev.converge.aws.ClientTokens;
import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.Waiting;
import dev.converge.model.BucketSpec;
import dev.converge.model.DistributionSpec;
import dev.converge.model.KindSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;
import software.amazon.awssdk.services.cloudfront.model.Tag;
import software.amazon.awssdk.services.cloudfront.model.Tags;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * CloudFront distributions in front of a bucket of the environment, each with its own origin access
 * control ({@link AccessControls}) and its statement in the origin bucket's policy
 * ({@link OriginBucketPolicy}).
 *
 * <p>CloudFront is global and lists nothing by tag, so what is the same for every environment of an
 * account is read once per account and cycle: ListDistributions (CloudFront's pages of 100), one
 * ListTagsForResource per distribution, a few at a time (CloudFront's listing carries no tags; not the
 * tagging API, which serves CloudFront only in us-east-1 and is eventually consistent), and
 * ListOriginAccessControls. Each environment then reads, for each of its own distributions, the
 * distribution with its configuration (GetDistribution: the listing lacks the default root object and
 * logging) and the policy of each bucket the distribution's statement may be in (GetBucketPolicy).
 *
 * <p>Updates send the configuration just read back with the declared fields changed, with its ETag
 * ({@code IfMatch}), so a change made in between fails the update instead of being overwritten; the
 * next pass starts over from what it then reads. A distribution is deleted in two steps, as CloudFront
 * requires: disabled, and once CloudFront has deployed it disabled (minutes), deleted; in between the
 * step reports waiting, and the next pass continues.
 */
public final class DistributionDriver implements ResourceDriver {

    /** CloudFront's page of ListDistributions and ListOriginAccessControls. */
    static final String PAGE = "100";
    /** Per-distribution reads in flight at once. */
    static final int PARALLELISM = 4;

    /** The account's distributions with their tags, read once per account and cycle. */
    static final String LIST = "cloudfront:ListDistributions";

    private static final String DEPLOYED = "Deployed";

    /**
     * @param arn the distribution's ARN, which its bucket policy statement names
     * @param enabled whether it serves, as observed
     * @param status CloudFront's {@code InProgress} or {@code Deployed}
     * @param originBucket the AWS name of the bucket its origin reads (null for an origin that is no bucket)
     * @param accessControlId its own origin access control, or null when there is none
     */
    public record Details(String arn, boolean enabled, String status, String originBucket, String accessControlId) {}

    /** One distribution of the account as listed: its id, ARN and tags. */
    private record Listed(String id, String arn, Map<String, String> tags) {}

    @Override
    public String kind() {
        return DistributionSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        List<Listed> owned = new ArrayList<>();
        Map<String, ResourceKey> keys = new HashMap<>();
        for (Listed listed : listed(context)) {
            OwnedTags.key(listed.tags(), kind(), listed.id(), context).ifPresent(key -> {
                owned.add(listed);
                keys.put(listed.id(), key);
            });
        }
        if (owned.isEmpty()) {
            return List.of();
        }
        Map<ResourceKey, DistributionSpec> specs = new HashMap<>();
        declared.forEach(r -> specs.put(r.key(), r.spec(DistributionSpec.class)));
        Map<String, Optional<String>> policies = new java.util.concurrent.ConcurrentHashMap<>();
        return BoundedParallel.map(owned, PARALLELISM, listed -> read(listed, keys.get(listed.id()), specs.get(keys.get(listed.id())),
                        policies, context)).stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private static List<Listed> listed(DriverContext context) {
        CloudFrontClient cloudFront = context.clients().cloudFront();
        return context.accountReads().get(context.environment(), LIST, () -> {
            List<DistributionSummary> summaries = cloudFront.listDistributionsPaginator(r -> r.maxItems(PAGE)).items().stream().toList();
            return BoundedParallel.map(summaries, PARALLELISM, summary -> new Listed(summary.id(), summary.arn(),
                    OwnedTags.toMap(cloudFront.listTagsForResource(r -> r.resource(summary.arn())).tags().items(), Tag::key, Tag::value)));
        });
    }

    /**
     * @param spec the declared spec, or null for a distribution that left the spec
     * @param policies the bucket policies read so far in this observation, by bucket
     */
    private Optional<ObservedResource> read(Listed listed, ResourceKey key, DistributionSpec spec,
            Map<String, Optional<String>> policies, DriverContext context) {
        GetDistributionResponse response;
        try {
            response = context.clients().cloudFront().getDistribution(r -> r.id(listed.id()));
        } catch (NoSuchDistributionException e) {
            return Optional.empty();
        }
        Distribution distribution = response.distribution();
        DistributionConfig config = distribution.distributionConfig();
        var origin = DistributionConfigs.targetOrigin(config);
        String originBucket = origin == null ? null : DistributionConfigs.bucketOf(origin.domainName());
        Optional<OriginAccessControlSummary> control = AccessControls.of(key, context);
        Set<String> candidates = new LinkedHashSet<>();
        if (originBucket != null) {
            candidates.add(originBucket);
        }
        if (spec != null && spec.origin() != null && spec.origin().bucket() != null) {
            context.observed().get(ResourceKey.of(BucketSpec.KIND, spec.origin().bucket()))
                    .filter(ObservedResource::owned)
                    .ifPresent(bucket -> candidates.add(bucket.awsId()));
        }
        Set<String> admittedBy = new TreeSet<>();
        for (String bucket : candidates) {
            if (context.observed().nameOf(BucketSpec.KIND, bucket).isEmpty()) {
                continue;
            }
            Optional<String> policy = policies.computeIfAbsent(bucket,
                    b -> Optional.ofNullable(OriginBucketPolicy.read(context.clients().s3(), b)));
            if (OriginBucketPolicy.statement(context.environment().name(), key.name(), bucket, distribution.arn())
                    .heldBy(policy.orElse(null))) {
                admittedBy.add(context.observed().nameOrId(BucketSpec.KIND, bucket));
            }
        }
        Map<String, Object> properties = DistributionConfigs.properties(config,
                bucket -> context.observed().nameOrId(BucketSpec.KIND, bucket),
                control.map(OriginAccessControlSummary::id).orElse(null), control.map(AccessControls::sound).orElse(false), admittedBy);
        ObservedResource live = ObservedResource.owned(key, listed.id(), properties, listed.tags(), new Details(distribution.arn(),
                Boolean.TRUE.equals(config.enabled()), distribution.status(), originBucket, control.map(OriginAccessControlSummary::id).orElse(null)));
        return Optional.of(DEPLOYED.equals(distribution.status()) ? live : live.withProgress("CloudFront is deploying the distribution"));
    }

    /**
     * Creates the distribution's origin access control (or finds the one an earlier, interrupted create
     * made), then the distribution with its tags in one call, then its statement in the origin bucket's
     * policy. The caller reference, CloudFront's idempotency token, is derived from the resource and
     * the request, the access control's id included, so a retried create returns the first distribution,
     * and a distribution made again after a delete (which deletes its control) is a new one.
     */
    @Override
    public String create(Resource resource, DriverContext context) {
        DistributionSpec spec = resource.spec(DistributionSpec.class);
        String accessControlId = AccessControls.ensure(resource.key(), context);
        DistributionConfigs.Targets targets = targets(spec, accessControlId, context);
        DistributionConfig config = DistributionConfigs.create(spec,
                ClientTokens.of(context, resource.key(), spec.properties(), accessControlId),
                "Converge: " + context.environment().name() + " " + resource.key(), targets);
        Distribution distribution;
        try {
            distribution = context.clients().cloudFront().createDistributionWithTags(r -> r.distributionConfigWithTags(c -> c
                    .distributionConfig(config)
                    .tags(tags(context.tagsFor(resource))))).distribution();
        } finally {
            context.accountReads().forget(context.environment(), LIST);
        }
        admit(resource, distribution.arn(), originBucket(spec, context), context);
        return distribution.id();
    }

    private static DistributionConfigs.Targets targets(DistributionSpec spec, String accessControlId, DriverContext context) {
        String loggingDomain = spec.logging() == null ? null
                : DistributionConfigs.loggingDomain(context.idOf(ResourceKey.of(BucketSpec.KIND, spec.logging().bucket())));
        return new DistributionConfigs.Targets(DistributionConfigs.originDomain(originBucket(spec, context),
                context.environment().region()), accessControlId, loggingDomain);
    }

    private static String originBucket(DistributionSpec spec, DriverContext context) {
        return context.idOf(ResourceKey.of(BucketSpec.KIND, spec.origin().bucket()));
    }

    private static void admit(Resource resource, String arn, String bucket, DriverContext context) {
        OriginBucketPolicy.update(context.clients().s3(), bucket,
                OriginBucketPolicy.statement(context.environment().name(), resource.name(), bucket, arn), true);
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        DistributionSpec spec = resource.spec(DistributionSpec.class);
        CloudFrontClient cloudFront = context.clients().cloudFront();
        Details details = live.details(Details.class);
        List<String> configFields = new ArrayList<>();
        for (FieldChange change : changes) {
            switch (change.field()) {
                case KindSpec.TAGS -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> wanted = (Map<String, String>) change.after();
                    cloudFront.tagResource(r -> r.resource(details.arn()).tags(tags(wanted)));
                    context.accountReads().forget(context.environment(), LIST);
                }
                case DistributionSpec.BUCKET_POLICY -> {
                    change.added().forEach(bucket -> admit(resource, details.arn(),
                            context.idOf(ResourceKey.of(BucketSpec.KIND, (String) bucket)), context));
                    change.removed().forEach(bucket -> context.observed().get(ResourceKey.of(BucketSpec.KIND, (String) bucket))
                            .ifPresent(observed -> withdraw(live, observed.awsId(), context)));
                }
                default -> configFields.add(change.field());
            }
        }
        if (configFields.isEmpty()) {
            return;
        }
        String accessControlId = configFields.contains(DistributionSpec.ORIGIN) || configFields.contains(DistributionSpec.ORIGIN_ACCESS_CONTROL)
                ? AccessControls.ensure(resource.key(), context)
                : details.accessControlId();
        GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(live.awsId()));
        DistributionConfig updated = DistributionConfigs.apply(current.distributionConfig(), spec, configFields,
                targets(spec, accessControlId, context));
        cloudFront.updateDistribution(r -> r.id(live.awsId()).ifMatch(current.eTag()).distributionConfig(updated));
    }

    private static void withdraw(ObservedResource live, String bucket, DriverContext context) {
        OriginBucketPolicy.update(context.clients().s3(), bucket,
                OriginBucketPolicy.statement(context.environment().name(), live.key().name(), bucket, live.details(Details.class).arn()), false);
    }

    /**
     * Disables the distribution, and once CloudFront has deployed it disabled, deletes it, takes its
     * statement out of the origin bucket's policy and deletes its origin access control. Until then the
     * step reports waiting; a later pass, observing the distribution disabled, continues.
     */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        CloudFrontClient cloudFront = context.clients().cloudFront();
        Details details = live.details(Details.class);
        try {
            GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(live.awsId()));
            if (Boolean.TRUE.equals(current.distributionConfig().enabled())) {
                cloudFront.updateDistribution(r -> r.id(live.awsId()).ifMatch(current.eTag())
                        .distributionConfig(DistributionConfigs.disabled(current.distributionConfig())));
            }
            GetDistributionResponse now = cloudFront.getDistribution(r -> r.id(live.awsId()));
            if (!DEPLOYED.equals(now.distribution().status())) {
                throw new Waiting("distribution " + live.awsId() + " is disabled and " + now.distribution().status()
                        + "; CloudFront deletes it only once it is deployed disabled, which takes minutes");
            }
            cloudFront.deleteDistribution(r -> r.id(live.awsId()).ifMatch(now.eTag()));
        } catch (NoSuchDistributionException e) {
            // already gone: what the delete wanted; what it left behind is cleaned up below
        } finally {
            context.accountReads().forget(context.environment(), LIST);
        }
        if (details.originBucket() != null && context.observed().nameOf(BucketSpec.KIND, details.originBucket()).isPresent()) {
            withdraw(live, details.originBucket(), context);
        }
        if (details.accessControlId() != null) {
            AccessControls.delete(details.accessControlId(), context);
        }
    }

    private static Tags tags(Map<String, String> tags) {
        return Tags.builder().items(OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build())).build();
    }
}
