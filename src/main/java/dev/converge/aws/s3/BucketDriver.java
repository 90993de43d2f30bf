package dev.converge.aws.s3;

import dev.converge.aws.PageSizes;
import static dev.converge.model.BucketSpec.BUCKET_NAME;
import static dev.converge.model.KindSpec.TAGS;

import dev.converge.aws.BoundedParallel;
import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.TaggedResources;
import dev.converge.model.BucketSpec;
import dev.converge.model.Fields;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.UnmanagedScope;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * S3 buckets. Bucket names are global and S3 cannot list buckets by tag, so observation lists the
 * account's buckets (once per account and cycle), finds the ones tagged for this environment in one
 * paginated read of the Resource Groups Tagging API, reads the tags of just the declared buckets it does
 * not list or lists drifted, and then reads only the configuration blocks the spec declares; all
 * per-bucket reads run a few at a time. Notifications, which name functions, are {@link BucketNotifications}'.
 * A declared name held by a bucket without our tags is reported as foreign and never touched, unless
 * that bucket has no tags, no objects and no configuration at all ({@link PristineBucket}).
 */
public final class BucketDriver implements ResourceDriver {

    /** Per-bucket calls in flight at once during observation. */
    static final int PARALLELISM = 8;

    /** The tagging API's name for buckets. */
    private static final String RESOURCE_TYPE = "s3";

    /** The account's bucket listing, read once per account and cycle. */
    private static final String LIST_BUCKETS = "s3:ListBuckets";

    /** A bucket whose tags say this controller manages it in this environment as {@code key}. */
    private record Managed(ResourceKey key, String name, Map<String, String> tags) {}

    private record Read(Managed bucket, BucketField field) {}

    @Override
    public String kind() {
        return BucketSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        return observe(declared, context, key -> true);
    }

    /**
     * Only the named buckets' configuration is read: the account's listing and the environment's tagging
     * page are one call each, as for all of them, and each bucket's declared configuration is a read or
     * more per bucket.
     */
    @Override
    public Optional<List<ObservedResource>> observeOnly(Set<ResourceKey> only, List<Resource> declared, DriverContext context) {
        return Optional.of(observe(declared, context, only::contains));
    }

    private List<ObservedResource> observe(List<Resource> declared, DriverContext context, Predicate<ResourceKey> wanted) {
        S3Client s3 = context.clients().s3();
        List<Bucket> buckets = accountBuckets(context);
        Set<String> reachable = buckets.stream().filter(b -> inRegionOf(b, s3)).map(Bucket::name).collect(Collectors.toSet());
        Map<String, Map<String, String>> tagsByName = new LinkedHashMap<>();
        // ListBuckets says what exists: a bucket deleted moments ago may still be in the tagging API's index
        TaggedResources.of(RESOURCE_TYPE, context).forEach((arn, tags) -> {
            if (reachable.contains(nameOf(arn))) {
                tagsByName.put(nameOf(arn), tags);
            }
        });
        tagsByName.putAll(liveTags(toReadLive(declared, reachable, tagsByName, context), s3));
        List<Managed> managed = new ArrayList<>();
        tagsByName.forEach((name, tags) -> OwnedTags.key(tags, kind(), name, context)
                .filter(wanted)
                .ifPresent(key -> managed.add(new Managed(key, name, tags))));
        managed.addAll(adoptable(declared, tagsByName, s3));
        Set<String> existing = buckets.stream().map(Bucket::name).collect(Collectors.toSet());
        // Foreign first: when a declared name is taken, that conflict is what the resource reports.
        List<ObservedResource> observed = new ArrayList<>(foreign(declared, existing, managed, tagsByName));
        observed.addAll(describe(managed, declared, context));
        return observed;
    }

    /**
     * The bucket the resource adopts, by its name, with the configuration the spec declares: only one this
     * client can reach and that carries no other resource's ownership tags.
     */
    @Override
    public Optional<ObservedResource> observeForAdoption(Resource resource, DriverContext context) {
        S3Client s3 = context.clients().s3();
        String name = resource.management().adopt();
        if (accountBuckets(context).stream().noneMatch(b -> b.name().equals(name) && inRegionOf(b, s3))) {
            return Optional.empty();
        }
        Map<String, String> tags = S3Tags.read(s3, name);
        if (tags.containsKey(Ownership.RESOURCE)) {
            return Optional.empty();
        }
        return Optional.of(describe(List.of(new Managed(resource.key(), name, tags)), List.of(resource), context).get(0));
    }

    /**
     * The buckets of this region whose names follow the environment's patterns and that carry no Converge
     * tag. The account's listing is the one observation read moments ago in this cycle; the tags of each
     * bucket that follows a pattern and was not observed as this environment's are read from the bucket
     * (the tagging API lists only tagged buckets, and only lately tagged ones eventually).
     */
    @Override
    public Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        if (scope.bucketNames().isEmpty()) {
            return Optional.empty();
        }
        S3Client s3 = context.clients().s3();
        Set<String> observed = context.observed().all().stream()
                .filter(r -> r.key().kind().equals(kind()))
                .map(ObservedResource::awsId)
                .collect(Collectors.toSet());
        List<String> candidates = accountBuckets(context).stream()
                .filter(b -> inRegionOf(b, s3) && scope.coversBucket(b.name()) && !observed.contains(b.name()))
                .map(Bucket::name)
                .sorted()
                .toList();
        Map<String, Map<String, String>> tags = liveTags(candidates, s3);
        return Optional.of(candidates.stream()
                .filter(name -> OwnedTags.unmanaged(tags.get(name)))
                .map(name -> new UnmanagedObject(kind(), name, null, null))
                .toList());
    }

    /** Every bucket of the account, listed once for all the environments a cycle starts. */
    private static List<Bucket> accountBuckets(DriverContext context) {
        S3Client s3 = context.clients().s3();
        return context.accountReads().get(context.environment(), LIST_BUCKETS,
                () -> s3.listBucketsPaginator(ListBucketsRequest.builder().maxBuckets(PageSizes.S3_BUCKETS).build()).buckets().stream().toList());
    }

    /**
     * The declared buckets whose tags are read from the bucket itself, one by one: those that exist here
     * but that the tagging API does not list as this environment's (someone else's, untagged, or tagged
     * too recently for that API to know, as a bucket an earlier round of this pass created), and those it
     * lists without the tags they must carry. The tagging API is eventually consistent, so drift it shows
     * is confirmed on the bucket: tags this pass just wrote are not taken for drift, and a bucket in sync
     * costs no call.
     */
    private static List<String> toReadLive(
            List<Resource> declared, Set<String> reachable, Map<String, Map<String, String>> listed, DriverContext context) {
        return declared.stream()
                .filter(r -> reachable.contains(bucketName(r)))
                .filter(r -> !TaggedResources.suffice(listed.get(bucketName(r)), context.tagsFor(r)))
                .map(BucketDriver::bucketName)
                .distinct()
                .toList();
    }

    private static Map<String, Map<String, String>> liveTags(List<String> names, S3Client s3) {
        List<Map<String, String>> tagSets = BoundedParallel.map(names, PARALLELISM, name -> S3Tags.read(s3, name));
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            tags.put(names.get(i), tagSets.get(i));
        }
        return tags;
    }

    /** A bucket's ARN ({@code arn:<partition>:s3:::<name>}) names it after its last colon; names hold none. */
    private static String nameOf(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    /**
     * AWS reports each bucket's region and a client can only configure buckets of its own; emulators
     * that leave the region out serve every bucket from one endpoint.
     */
    private static boolean inRegionOf(Bucket bucket, S3Client s3) {
        return bucket.bucketRegion() == null
                || bucket.bucketRegion().equals(s3.serviceClientConfiguration().region().id());
    }

    /**
     * Declared buckets that exist without any tag and exactly as CreateBucket leaves them: what a create
     * that died before its tags were written leaves behind. They are observed as this resource's bucket
     * with no tags, so the pass writes the tags and the declared configuration.
     */
    private static List<Managed> adoptable(List<Resource> declared, Map<String, Map<String, String>> tagsByName, S3Client s3) {
        List<Resource> untagged = declared.stream()
                .filter(r -> Map.of().equals(tagsByName.get(bucketName(r))))
                .toList();
        List<Boolean> pristine = BoundedParallel.map(untagged, PARALLELISM, r -> PristineBucket.is(s3, bucketName(r)));
        List<Managed> adoptable = new ArrayList<>();
        for (int i = 0; i < untagged.size(); i++) {
            if (pristine.get(i)) {
                adoptable.add(new Managed(untagged.get(i).key(), bucketName(untagged.get(i)), Map.of()));
            }
        }
        return adoptable;
    }

    /** Declared buckets whose name exists in the account but not as this resource's managed bucket. */
    private static List<ObservedResource> foreign(
            List<Resource> declared, Set<String> existing, List<Managed> managed, Map<String, Map<String, String>> tagsByName) {
        List<ObservedResource> foreign = new ArrayList<>();
        for (Resource resource : declared) {
            String name = bucketName(resource);
            boolean ours = managed.stream().anyMatch(b -> b.name().equals(name) && b.key().equals(resource.key()));
            if (existing.contains(name) && !ours) {
                foreign.add(ObservedResource.foreign(resource.key(), name, tagsByName.getOrDefault(name, Map.of())));
            }
        }
        return foreign;
    }

    /** Managed buckets with the configuration their spec declares; a bucket left out of the spec only by name. */
    private static List<ObservedResource> describe(List<Managed> managed, List<Resource> declared, DriverContext context) {
        S3Client s3 = context.clients().s3();
        Map<ResourceKey, Map<String, Object>> declaredFields = new HashMap<>();
        declared.forEach(r -> declaredFields.put(r.key(), r.spec().properties()));
        List<Read> reads = managed.stream()
                .flatMap(b -> BucketField.declaredIn(declaredFields.getOrDefault(b.key(), Map.of())).stream()
                        .map(field -> new Read(b, field)))
                .toList();
        List<Object> values = BoundedParallel.map(reads, PARALLELISM, r -> r.field().read(s3, r.bucket().name()));
        Map<Managed, Fields> fields = new LinkedHashMap<>();
        managed.forEach(b -> fields.put(b, new Fields().put(BUCKET_NAME, b.name())));
        for (int i = 0; i < reads.size(); i++) {
            fields.get(reads.get(i).bucket()).put(reads.get(i).field().property(), values.get(i));
        }
        List<Managed> notifying = managed.stream()
                .filter(b -> BucketNotifications.declaredIn(declaredFields.getOrDefault(b.key(), Map.of())))
                .toList();
        List<Set<String>> notifications = BoundedParallel.map(notifying, PARALLELISM,
                b -> BucketNotifications.read(s3, context.clients().lambda(), b.name(), context.environment().name()));
        for (int i = 0; i < notifying.size(); i++) {
            fields.get(notifying.get(i)).put(BucketSpec.NOTIFICATIONS, notifications.get(i));
        }
        return managed.stream()
                .map(b -> ObservedResource.owned(b.key(), b.name(), fields.get(b).build(), b.tags(), null))
                .toList();
    }

    private static String bucketName(Resource resource) {
        return resource.spec(BucketSpec.class).withDefaultName(resource.name()).bucketName();
    }

    /**
     * Creates the bucket with its tags and every declared configuration block, so a new bucket is
     * complete in one round. The tags go into CreateBucket, which makes the bucket born owned on AWS;
     * emulators that ignore them there (moto 5.2) get them from PutBucketTagging as the very next call.
     */
    @Override
    public String create(Resource resource, DriverContext context) {
        S3Client s3 = context.clients().s3();
        String name = bucketName(resource);
        Map<String, String> tags = context.tagsFor(resource);
        Region region = s3.serviceClientConfiguration().region();
        try {
            s3.createBucket(r -> r.bucket(name).createBucketConfiguration(c -> {
                if (!Region.US_EAST_1.equals(region)) {
                    c.locationConstraint(region.id());
                }
                c.tags(S3Tags.toTags(tags));
            }));
        } finally {
            // whether or not the response came back, the bucket may exist now
            context.accountReads().forget(context.environment(), LIST_BUCKETS);
        }
        S3Tags.write(s3, name, tags);
        Map<String, Object> properties = resource.spec().properties();
        for (BucketField field : BucketField.declaredIn(properties)) {
            Object value = properties.get(field.property());
            if (!field.isNewBucketDefault(value)) {
                field.write(s3, name, value);
            }
        }
        List<BucketSpec.Notification> notifications = resource.spec(BucketSpec.class).notifications();
        if (notifications != null && !notifications.isEmpty()) {
            BucketNotifications.write(name, notifications, context);
        }
        return name;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        S3Client s3 = context.clients().s3();
        String name = live.awsId();
        for (FieldChange change : changes) {
            if (change.field().equals(TAGS)) {
                S3Tags.write(s3, name, mergedTags(live, change));
                continue;
            }
            if (change.field().equals(BucketSpec.NOTIFICATIONS)) {
                BucketNotifications.write(name, resource.spec(BucketSpec.class).notifications(), context);
                continue;
            }
            BucketField field = BucketField.of(change.field())
                    .orElseThrow(() -> new IllegalArgumentException("Bucket field " + change.field() + " cannot be updated in place"));
            field.write(s3, name, change.after());
        }
    }

    /**
     * S3 replaces a bucket's whole tag set, so the live tags the spec does not declare are written back
     * with the declared ones; the observed tags are that complete live set.
     */
    private static Map<String, String> mergedTags(ObservedResource live, FieldChange change) {
        Map<String, String> merged = new LinkedHashMap<>(live.tags());
        @SuppressWarnings("unchecked")
        Map<String, String> wanted = (Map<String, String>) change.after();
        merged.putAll(wanted);
        return merged;
    }

    /** Deletes an empty bucket; a bucket that holds any object or object version is refused. */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        S3Client s3 = context.clients().s3();
        String name = live.awsId();
        ListObjectVersionsResponse contents = S3Errors.readOr(
                () -> s3.listObjectVersions(r -> r.bucket(name).maxKeys(1)), null, S3Errors.NO_SUCH_BUCKET);
        if (contents == null) {
            return;
        }
        if (!contents.versions().isEmpty() || !contents.deleteMarkers().isEmpty()) {
            throw new IllegalStateException("bucket " + name + " holds objects; Converge never deletes data");
        }
        try {
            S3Errors.ignoring(() -> s3.deleteBucket(r -> r.bucket(name)), S3Errors.NO_SUCH_BUCKET);
        } finally {
            context.accountReads().forget(context.environment(), LIST_BUCKETS);
        }
    }
}
