package dev.converge.aws.s3;

import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.Encryption;
import dev.converge.model.BucketSpec.PublicAccessBlock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Transition;

/**
 * The bucket configuration blocks a spec can declare, each read with its own S3 call (there is no batch
 * read) into exactly the normalised value {@link BucketSpec#properties()} produces, and written back
 * from that value. Declared in the order a new bucket is configured: the public access block before
 * the policy it may have to allow.
 */
enum BucketField {

    PUBLIC_ACCESS_BLOCK(BucketSpec.PUBLIC_ACCESS_BLOCK) {
        @Override
        Object read(S3Client s3, String bucket) {
            return S3Errors.readOr(
                    () -> fromAws(s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration()),
                    PublicAccessBlock.NONE,
                    "NoSuchPublicAccessBlockConfiguration");
        }

        @Override
        void write(S3Client s3, String bucket, Object value) {
            PublicAccessBlock block = (PublicAccessBlock) value;
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(block.blockPublicAcls())
                    .ignorePublicAcls(block.ignorePublicAcls())
                    .blockPublicPolicy(block.blockPublicPolicy())
                    .restrictPublicBuckets(block.restrictPublicBuckets())));
        }

        /** A switch AWS leaves out is off; the spec record would read a null as on. */
        private PublicAccessBlock fromAws(PublicAccessBlockConfiguration c) {
            return new PublicAccessBlock(
                    Boolean.TRUE.equals(c.blockPublicAcls()),
                    Boolean.TRUE.equals(c.ignorePublicAcls()),
                    Boolean.TRUE.equals(c.blockPublicPolicy()),
                    Boolean.TRUE.equals(c.restrictPublicBuckets()));
        }
    },

    ENCRYPTION(BucketSpec.ENCRYPTION) {
        @Override
        Object read(S3Client s3, String bucket) {
            return S3Errors.readOr(
                    () -> fromAws(s3.getBucketEncryption(r -> r.bucket(bucket))
                            .serverSideEncryptionConfiguration().rules()),
                    null,
                    "ServerSideEncryptionConfigurationNotFoundError");
        }

        @Override
        void write(S3Client s3, String bucket, Object value) {
            Encryption encryption = (Encryption) value;
            ServerSideEncryptionRule rule = ServerSideEncryptionRule.builder()
                    .applyServerSideEncryptionByDefault(ServerSideEncryptionByDefault.builder()
                            .sseAlgorithm(encryption.algorithm())
                            .kmsMasterKeyID(encryption.kmsKeyId())
                            .build())
                    .bucketKeyEnabled(encryption.bucketKey())
                    .build();
            s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(rule)));
        }

        private Encryption fromAws(List<ServerSideEncryptionRule> rules) {
            if (rules.isEmpty() || rules.get(0).applyServerSideEncryptionByDefault() == null) {
                return null;
            }
            ServerSideEncryptionRule rule = rules.get(0);
            ServerSideEncryptionByDefault byDefault = rule.applyServerSideEncryptionByDefault();
            return new Encryption(
                    byDefault.sseAlgorithmAsString(), byDefault.kmsMasterKeyID(), Boolean.TRUE.equals(rule.bucketKeyEnabled()));
        }
    },

    VERSIONING(BucketSpec.VERSIONING) {
        @Override
        Object read(S3Client s3, String bucket) {
            return s3.getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
        }

        @Override
        void write(S3Client s3, String bucket, Object value) {
            BucketVersioningStatus status = Boolean.TRUE.equals(value)
                    ? BucketVersioningStatus.ENABLED
                    : BucketVersioningStatus.SUSPENDED;
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(status)));
        }

        @Override
        boolean isNewBucketDefault(Object value) {
            return Boolean.FALSE.equals(value);
        }
    },

    LIFECYCLE(BucketSpec.LIFECYCLE) {
        @Override
        Object read(S3Client s3, String bucket) {
            List<LifecycleRule> rules = S3Errors.readOr(
                    () -> s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules(),
                    List.of(),
                    "NoSuchLifecycleConfiguration");
            return rules.stream()
                    .map(this::fromAws)
                    .sorted(Comparator.comparing(BucketSpec.LifecycleRule::id, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
        }

        @Override
        void write(S3Client s3, String bucket, Object value) {
            List<?> rules = (List<?>) value;
            if (rules.isEmpty()) {
                S3Errors.ignoring(() -> s3.deleteBucketLifecycle(r -> r.bucket(bucket)), "NoSuchLifecycleConfiguration");
                return;
            }
            List<LifecycleRule> awsRules = rules.stream().map(r -> toAws((BucketSpec.LifecycleRule) r)).toList();
            s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(awsRules)));
        }

        @Override
        boolean isNewBucketDefault(Object value) {
            return ((List<?>) value).isEmpty();
        }

        private LifecycleRule toAws(BucketSpec.LifecycleRule rule) {
            return LifecycleRule.builder()
                    .id(rule.id())
                    .filter(f -> f.prefix(rule.prefix()))
                    .status(rule.enabled() ? ExpirationStatus.ENABLED : ExpirationStatus.DISABLED)
                    .expiration(rule.expirationDays() == null
                            ? null
                            : LifecycleExpiration.builder().days(rule.expirationDays()).build())
                    .noncurrentVersionExpiration(rule.noncurrentVersionExpirationDays() == null
                            ? null
                            : NoncurrentVersionExpiration.builder().noncurrentDays(rule.noncurrentVersionExpirationDays()).build())
                    .abortIncompleteMultipartUpload(rule.abortIncompleteMultipartUploadDays() == null
                            ? null
                            : AbortIncompleteMultipartUpload.builder().daysAfterInitiation(rule.abortIncompleteMultipartUploadDays()).build())
                    .transitions(rule.transitions().stream()
                            .map(t -> Transition.builder().days(t.days()).storageClass(t.storageClass()).build())
                            .toList())
                    .build();
        }

        @SuppressWarnings("deprecation") // rules written before Filter existed carry a top-level prefix
        private BucketSpec.LifecycleRule fromAws(LifecycleRule rule) {
            LifecycleRuleFilter filter = rule.filter();
            String prefix = filter != null && filter.prefix() != null ? filter.prefix() : rule.prefix();
            return new BucketSpec.LifecycleRule(
                    rule.id(),
                    prefix,
                    rule.status() == ExpirationStatus.ENABLED,
                    rule.expiration() == null ? null : rule.expiration().days(),
                    rule.noncurrentVersionExpiration() == null ? null : rule.noncurrentVersionExpiration().noncurrentDays(),
                    rule.abortIncompleteMultipartUpload() == null ? null : rule.abortIncompleteMultipartUpload().daysAfterInitiation(),
                    rule.transitions().stream()
                            .map(t -> new BucketSpec.Transition(t.days(), t.storageClassAsString()))
                            .toList());
        }
    },

    POLICY(BucketSpec.POLICY) {
        @Override
        Object read(S3Client s3, String bucket) {
            return S3Errors.readOr(
                    () -> BucketSpec.canonicalPolicy(s3.getBucketPolicy(r -> r.bucket(bucket)).policy()),
                    null,
                    "NoSuchBucketPolicy");
        }

        @Override
        void write(S3Client s3, String bucket, Object value) {
            s3.putBucketPolicy(r -> r.bucket(bucket).policy((String) value));
        }
    };

    private final String property;

    BucketField(String property) {
        this.property = property;
    }

    String property() {
        return property;
    }

    /** The live value, normalised like the spec's; null when the bucket has no such configuration. */
    abstract Object read(S3Client s3, String bucket);

    abstract void write(S3Client s3, String bucket, Object value);

    /** Whether a bucket that was just created already has this value, so create need not write it. */
    boolean isNewBucketDefault(Object value) {
        return false;
    }

    static Optional<BucketField> of(String property) {
        return Arrays.stream(values()).filter(f -> f.property.equals(property)).findFirst();
    }

    /** The fields the spec declares, in configuration order. */
    static List<BucketField> declaredIn(Map<String, Object> properties) {
        return Arrays.stream(values()).filter(f -> properties.containsKey(f.property)).toList();
    }
}
