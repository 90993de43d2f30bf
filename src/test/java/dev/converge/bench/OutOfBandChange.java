package dev.converge.bench;

import dev.converge.aws.AwsClients;
import dev.converge.testing.CloudTrailEvents;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A change someone makes with the SDK behind Converge's back, the CloudTrail event that announces it
 * (which moto does not emit: {@link #announced()} puts it), and how to tell from AWS that Converge has put
 * it right again.
 */
record OutOfBandChange(String environment, String kind, String description, Runnable make, Runnable announce,
        BooleanSupplier repaired) {

    /** The same change, followed by the event CloudTrail would deliver to the environment's default bus. */
    OutOfBandChange announced() {
        return new OutOfBandChange(environment, kind, description, () -> {
            make.run();
            announce.run();
        }, announce, repaired);
    }

    /** Removes the office SSH rule of a security group. */
    static OutOfBandChange revokeRule(String environment, String groupId, AwsClients aws) {
        IpPermission office = IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(r -> r.cidrIp("203.0.113.0/24")).build();
        return new OutOfBandChange(environment, "SecurityGroup", "ingress rule revoked",
                () -> aws.ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(office)),
                () -> CloudTrailEvents.put(aws, CloudTrailEvents.byAlice("ec2", "RevokeSecurityGroupIngress", "groupId", groupId)),
                () -> aws.ec2().describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
                        .securityGroupRules().stream()
                        .anyMatch(rule -> !rule.isEgress() && "203.0.113.0/24".equals(rule.cidrIpv4()) && rule.fromPort() == 22));
    }

    /** Suspends versioning of a bucket that declares it on. */
    static OutOfBandChange suspendVersioning(String environment, String bucket, AwsClients aws) {
        return new OutOfBandChange(environment, "Bucket", "versioning suspended",
                () -> aws.s3().putBucketVersioning(r -> r.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))),
                () -> CloudTrailEvents.put(aws, CloudTrailEvents.byAlice("s3", "PutBucketVersioning", "bucketName", bucket)),
                () -> aws.s3().getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED);
    }
}
