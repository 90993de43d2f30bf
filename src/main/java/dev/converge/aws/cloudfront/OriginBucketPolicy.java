package dev.converge.aws.cloudfront;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.OwnedStatement;
import dev.converge.model.DistributionSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A distribution's statement in its origin bucket's policy, in the shape of AWS's documentation of
 * origin access control: the CloudFront service principal may {@code s3:GetObject} in the bucket, only
 * on behalf of this distribution ({@code AWS:SourceArn}). Reading and writing the policy goes through
 * here, always afresh before a write: another distribution may have written its own statement since the
 * pass observed it.
 */
final class OriginBucketPolicy {

    private static final String NO_SUCH_BUCKET_POLICY = "NoSuchBucketPolicy";

    private OriginBucketPolicy() {}

    /**
     * @param distributionArn the distribution's ARN, whose partition the bucket's ARN shares
     */
    static OwnedStatement statement(String environment, String name, String bucket, String distributionArn) {
        ObjectNode statement = OwnedStatement.allow(DistributionSpec.statementId(environment, name))
                .put("Action", "s3:GetObject")
                .put("Resource", "arn:" + partitionOf(distributionArn) + ":s3:::" + bucket + "/*");
        statement.putObject("Principal").put("Service", "cloudfront.amazonaws.com");
        statement.putObject("Condition").putObject("StringEquals").put("AWS:SourceArn", distributionArn);
        return new OwnedStatement(statement);
    }

    private static String partitionOf(String arn) {
        String[] parts = arn.split(":", 3);
        return parts.length > 1 && !parts[1].isEmpty() ? parts[1] : "aws";
    }

    /** The bucket's policy, or null when it has none. */
    static String read(S3Client s3, String bucket) {
        try {
            return s3.getBucketPolicy(r -> r.bucket(bucket)).policy();
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && NO_SUCH_BUCKET_POLICY.equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    /** Puts the statement into the bucket's policy, or takes it out (deleting a policy left empty). */
    static void update(S3Client s3, String bucket, OwnedStatement statement, boolean admit) {
        String policy = read(s3, bucket);
        if (!admit && (policy == null || !policy.contains(statement.sid()))) {
            return;
        }
        String updated = admit ? statement.addTo(policy) : statement.removeFrom(policy);
        if (updated.isEmpty()) {
            s3.deleteBucketPolicy(r -> r.bucket(bucket));
        } else {
            s3.putBucketPolicy(r -> r.bucket(bucket).policy(updated));
        }
    }
}
