package dev.converge.aws.s3;

import dev.converge.aws.OwnedTags;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/** Bucket tags: S3 reads and writes them only as one whole set per bucket. */
final class S3Tags {

    /** Keys S3 reserves for AWS itself (CloudFormation and others); PutBucketTagging rejects them. */
    private static final String RESERVED_PREFIX = "aws:";

    private S3Tags() {}

    /**
     * The bucket's tags; empty when it has none, and also when the bucket is gone, denies us or lives
     * where this client cannot reach it: such a bucket is not one this controller manages.
     */
    static Map<String, String> read(S3Client s3, String bucket) {
        return S3Errors.readOr(
                () -> toMap(s3.getBucketTagging(r -> r.bucket(bucket)).tagSet()),
                Map.of(),
                "NoSuchTagSet", S3Errors.NO_SUCH_BUCKET, "AccessDenied", "PermanentRedirect");
    }

    /** Replaces the bucket's whole tag set; reserved {@code aws:} tags cannot be written and are left out. */
    static void write(S3Client s3, String bucket, Map<String, String> tags) {
        s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(toTags(tags))));
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build()).stream()
                .filter(tag -> !tag.key().startsWith(RESERVED_PREFIX))
                .toList();
    }

    private static Map<String, String> toMap(List<Tag> tags) {
        return OwnedTags.toMap(tags, Tag::key, Tag::value);
    }
}
