package dev.converge.aws.s3;

import dev.converge.model.BucketSpec.Encryption;
import dev.converge.model.BucketSpec.PublicAccessBlock;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * Whether an untagged bucket is exactly as CreateBucket leaves it: no object or object version, and no
 * configuration beyond what AWS gives every new bucket (SSE-S3 encryption, all public access blocked).
 *
 * <p>Such a bucket is what a Converge killed between CreateBucket and PutBucketTagging leaves behind
 * where the create call's tags are not honoured (moto 5.2), and it is adopted under the name the spec
 * declares. Adopting it is safe whoever made it: it holds nobody's data and nobody's settings, so
 * tagging and configuring it as declared takes nothing away. A bucket that fails any of these checks
 * stays foreign and is reported as a conflict, never touched.
 */
final class PristineBucket {

    private static final PublicAccessBlock ALL_BLOCKED = new PublicAccessBlock(true, true, true, true);

    private PristineBucket() {}

    /** False as well for a bucket this client cannot read: nothing is known about it, so it is not adopted. */
    static boolean is(S3Client s3, String bucket) {
        return S3Errors.readOr(() -> check(s3, bucket), false, S3Errors.NO_SUCH_BUCKET, "AccessDenied", "PermanentRedirect");
    }

    private static boolean check(S3Client s3, String bucket) {
        ListObjectVersionsResponse contents = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(1));
        if (!contents.versions().isEmpty() || !contents.deleteMarkers().isEmpty()) {
            return false;
        }
        Object block = BucketField.PUBLIC_ACCESS_BLOCK.read(s3, bucket);
        Object encryption = BucketField.ENCRYPTION.read(s3, bucket);
        return s3.getBucketVersioning(r -> r.bucket(bucket)).status() == null
                && BucketField.POLICY.read(s3, bucket) == null
                && ((List<?>) BucketField.LIFECYCLE.read(s3, bucket)).isEmpty()
                && (encryption == null || encryption.equals(new Encryption(Encryption.AES256, null, false)))
                && (block.equals(PublicAccessBlock.NONE) || block.equals(ALL_BLOCKED));
    }
}
