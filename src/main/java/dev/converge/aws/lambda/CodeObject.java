package dev.converge.aws.lambda;

import dev.converge.aws.DriverContext;
import dev.converge.model.BucketSpec;
import dev.converge.model.FunctionSpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.Sensitive;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object a function's code is deployed from, identified as Lambda cannot tell it: by bucket, key and
 * either the declared version or, for an unversioned key, the ETag of the object there now.
 *
 * @param bucket the bucket's AWS name
 * @param etag the object's ETag when no version is declared; null with a version, which is immutable
 */
record CodeObject(String bucket, String key, String version, String etag) {

    private static final String DIGEST_PREFIX = "sha256:";

    /**
     * The declared code object; with a version, as declared, without one as it is now (a HeadObject), or
     * empty when there is no object at the key.
     */
    static Optional<CodeObject> declared(FunctionSpec.Code code, DriverContext context) {
        String bucket = code.bucket() != null ? context.idOf(ResourceKey.of(BucketSpec.KIND, code.bucket())) : code.externalBucket();
        if (code.version() != null) {
            return Optional.of(new CodeObject(bucket, code.key(), code.version(), null));
        }
        try {
            String etag = context.clients().s3().headObject(r -> r.bucket(bucket).key(code.key())).eTag();
            return Optional.of(new CodeObject(bucket, code.key(), null, etag));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The code as the spec names it, for messages. */
    static String describe(FunctionSpec.Code code) {
        return "s3://" + (code.bucket() != null ? "<Bucket " + code.bucket() + ">" : code.externalBucket()) + "/" + code.key()
                + (code.version() == null ? "" : "?versionId=" + code.version());
    }

    FunctionCode code() {
        return FunctionCode.builder().s3Bucket(bucket).s3Key(key).s3ObjectVersion(version).build();
    }

    /** What {@link FunctionDriver#CODE_TAG} records after a deployment of this object that Lambda hashed to {@code codeSha256}. */
    String tag(String codeSha256) {
        String identity = bucket + "/" + key + (version != null ? "?versionId=" + version : "#" + etag);
        return Sensitive.digest(identity).substring(DIGEST_PREFIX.length()) + " " + codeSha256;
    }
}
