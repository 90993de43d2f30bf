package dev.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An S3 bucket. Every configuration block is optional and enforced only when declared.
 *
 * @param bucketName the global bucket name; defaults to the resource's name
 * @param policy a bucket policy, as a YAML mapping or a JSON string; sensitive, as policies name accounts,
 *     roles and conditions people keep to themselves
 * @param notifications functions of the environment that object-created events invoke; declaring them
 *     makes Converge own the bucket's whole notification configuration (queue, topic and EventBridge
 *     destinations set elsewhere are drift), and the permission each function needs to be invoked by S3
 */
public record BucketSpec(
        String bucketName,
        Boolean versioning,
        EncryptionSpec encryption,
        PublicAccessBlock publicAccessBlock,
        List<LifecycleRule> lifecycle,
        @SpecField(sensitive = true) JsonNode policy,
        List<Notification> notifications,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Bucket";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String BUCKET_NAME = "bucketName";
    public static final String VERSIONING = "versioning";
    public static final String ENCRYPTION = "encryption";
    public static final String PUBLIC_ACCESS_BLOCK = "publicAccessBlock";
    public static final String LIFECYCLE = "lifecycle";
    public static final String POLICY = "policy";
    public static final String NOTIFICATIONS = "notifications";

    /**
     * Default encryption as written: {@code SSE-S3}, {@code SSE-KMS} or {@code DSSE-KMS} (dual-layer; both
     * KMS types with an optional key), or AWS's names for them.
     */
    public record EncryptionSpec(
            @SpecField(values = {"SSE-S3", "SSE-KMS", "DSSE-KMS", "AES256", "aws:kms", "aws:kms:dsse"}) String type,
            String kmsKeyId, Boolean bucketKey) {

        /** The types as written, in upper case, and the algorithm AWS names each by. */
        public static final Map<String, String> ALGORITHMS = Map.of(
                "SSE-S3", Encryption.AES256, "AES256", Encryption.AES256,
                "SSE-KMS", Encryption.KMS, "AWS:KMS", Encryption.KMS,
                "DSSE-KMS", Encryption.DSSE_KMS, "AWS:KMS:DSSE", Encryption.DSSE_KMS);

        public Encryption normalized() {
            String t = type == null ? "SSE-S3" : type.trim().toUpperCase(Locale.ROOT);
            String algorithm = ALGORITHMS.getOrDefault(t, Encryption.AES256);
            boolean kms = !algorithm.equals(Encryption.AES256);
            return new Encryption(algorithm, kms ? kmsKeyId : null, Boolean.TRUE.equals(bucketKey));
        }
    }

    /** Default encryption as compared with AWS: the SSE algorithm as AWS names it. */
    public record Encryption(String algorithm, String kmsKeyId, boolean bucketKey) {
        public static final String AES256 = "AES256";
        public static final String KMS = "aws:kms";
        public static final String DSSE_KMS = "aws:kms:dsse";
    }

    /** The four public access block switches; each defaults to on, which is what "private" means. */
    public record PublicAccessBlock(
            Boolean blockPublicAcls, Boolean ignorePublicAcls, Boolean blockPublicPolicy, Boolean restrictPublicBuckets) {

        public static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);

        public PublicAccessBlock {
            blockPublicAcls = blockPublicAcls == null || blockPublicAcls;
            ignorePublicAcls = ignorePublicAcls == null || ignorePublicAcls;
            blockPublicPolicy = blockPublicPolicy == null || blockPublicPolicy;
            restrictPublicBuckets = restrictPublicBuckets == null || restrictPublicBuckets;
        }
    }

    /** One lifecycle rule; {@code enabled} defaults to true and {@code prefix} to the whole bucket. */
    public record LifecycleRule(
            @SpecField(required = true) String id,
            String prefix,
            Boolean enabled,
            Integer expirationDays,
            Integer noncurrentVersionExpirationDays,
            Integer abortIncompleteMultipartUploadDays,
            List<Transition> transitions) {

        public LifecycleRule {
            prefix = prefix == null ? "" : prefix;
            enabled = enabled == null || enabled;
            transitions = transitions == null
                    ? List.of()
                    : transitions.stream().sorted(Comparator.comparing(Transition::days)).toList();
        }
    }

    public record Transition(@SpecField(required = true) Integer days, @SpecField(required = true) String storageClass) {}

    /**
     * Objects created under {@code prefix} (the whole bucket when absent) whose key ends with {@code
     * suffix} (any when absent) invoke {@code function}, a Function of the environment, once each.
     */
    public record Notification(@SpecField(required = true) String function, String prefix, String suffix) {

        /** A notification as compared: one line naming its destination, its events and its key filter. */
        public static String text(String destination, String events, String prefix, String suffix) {
            return destination + " on " + events + " " + (prefix == null ? "" : prefix) + "*" + (suffix == null ? "" : suffix);
        }

        /** What every notification of the spec listens to: S3's object-created events. */
        public static final String OBJECT_CREATED = "s3:ObjectCreated:*";

        public String text() {
            return text(function, OBJECT_CREATED, prefix, suffix);
        }
    }

    public BucketSpec {
        notifications = notifications == null ? null : List.copyOf(notifications);
        lifecycle = lifecycle == null ? null : lifecycle.stream().sorted(Comparator.comparing(LifecycleRule::id)).toList();
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** A bucket without notifications. */
    public BucketSpec(String bucketName, Boolean versioning, EncryptionSpec encryption, PublicAccessBlock publicAccessBlock,
            List<LifecycleRule> lifecycle, JsonNode policy, Map<String, String> tags, Management management) {
        this(bucketName, versioning, encryption, publicAccessBlock, lifecycle, policy, null, tags, management);
    }

    /** The same spec with the bucket name defaulted to the resource's name. */
    public BucketSpec withDefaultName(String name) {
        return bucketName != null
                ? this
                : new BucketSpec(name, versioning, encryption, publicAccessBlock, lifecycle, policy, notifications, tags, management);
    }

    /** Each notified function must exist before the bucket can be told to invoke it. */
    @Override
    public List<Reference> references() {
        if (notifications == null) {
            return List.of();
        }
        List<Reference> references = new java.util.ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            if (notifications.get(i).function() != null) {
                references.add(Reference.ordering(FunctionSpec.KIND, notifications.get(i).function(), NOTIFICATIONS + "." + i + ".function"));
            }
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(BUCKET_NAME, bucketName)
                .put(VERSIONING, versioning)
                .put(ENCRYPTION, encryption == null ? null : encryption.normalized())
                .put(PUBLIC_ACCESS_BLOCK, publicAccessBlock)
                .put(LIFECYCLE, lifecycle)
                .put(POLICY, policy == null ? null : canonicalPolicy(policy))
                .put(NOTIFICATIONS, notifications == null ? null
                        : notifications.stream().map(Notification::text).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)))
                .build();
    }

    /** The policy as {@link PolicyDocument#text(JsonNode)} writes it; also what PutBucketPolicy is sent. */
    public static String canonicalPolicy(JsonNode policy) {
        return PolicyDocument.text(policy);
    }

    public static String canonicalPolicy(String json) {
        return PolicyDocument.text(json);
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(BUCKET_NAME);
    }
}
