package dev.converge.bench;

import dev.converge.aws.AwsClients;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Refreshes an estate the way Terraform's AWS provider does: every resource read on its own by its id,
 * ten at a time (Terraform's default {@code -parallelism}). A bucket costs the reads the provider's
 * {@code aws_s3_bucket} Read makes (hashicorp/terraform-provider-aws, internal/service/s3/bucket.go,
 * {@code resourceBucketRead}) plus the read of {@code aws_s3_bucket_public_access_block}, which holds what
 * Converge's bucket declares as {@code publicAccessBlock}. Every other resource costs one describe by id,
 * which undercounts the provider: its VPC read also reads attributes and default objects, and rules,
 * associations and gateways are resources of their own there.
 */
final class RefresherBaseline {

    static final int PARALLELISM = 10;

    private RefresherBaseline() {}

    /** Refreshes every entry once; the calls are counted by the clients' own observer. */
    static void refresh(List<StateFile.Entry> entries, AwsClients aws) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
        try {
            List<Future<?>> reads = entries.stream().map(e -> pool.submit(() -> read(e, aws))).<Future<?>>map(f -> f).toList();
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void read(StateFile.Entry entry, AwsClients aws) {
        String id = entry.awsId();
        switch (entry.kind()) {
            case "Vpc" -> aws.ec2().describeVpcs(r -> r.vpcIds(id));
            case "Subnet" -> aws.ec2().describeSubnets(r -> r.subnetIds(id));
            case "RouteTable" -> aws.ec2().describeRouteTables(r -> r.routeTableIds(id));
            case "NatGateway" -> aws.ec2().describeNatGateways(r -> r.natGatewayIds(id));
            case "SecurityGroup" -> aws.ec2().describeSecurityGroups(r -> r.groupIds(id));
            case "LaunchTemplate" -> aws.ec2().describeLaunchTemplates(r -> r.launchTemplateIds(id));
            case "AutoScalingGroup" -> aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(id));
            case "DbSubnetGroup" -> aws.rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(id));
            case "AuroraCluster" -> aws.rds().describeDBClusters(r -> r.dbClusterIdentifier(id));
            case "Bucket" -> bucket(aws.s3(), id);
            default -> throw new IllegalArgumentException("no refresh modelled for " + entry.kind());
        }
    }

    /** In the order resourceBucketRead makes them; absent configurations answer with an error, as on AWS. */
    private static void bucket(S3Client s3, String bucket) {
        List<Consumer<String>> reads = List.of(
                b -> s3.headBucket(r -> r.bucket(b)),
                b -> s3.getBucketPolicy(r -> r.bucket(b)),
                b -> s3.getBucketAcl(r -> r.bucket(b)),
                b -> s3.getBucketCors(r -> r.bucket(b)),
                b -> s3.getBucketWebsite(r -> r.bucket(b)),
                b -> s3.getBucketVersioning(r -> r.bucket(b)),
                b -> s3.getBucketAccelerateConfiguration(r -> r.bucket(b)),
                b -> s3.getBucketRequestPayment(r -> r.bucket(b)),
                b -> s3.getBucketLogging(r -> r.bucket(b)),
                b -> s3.getBucketLifecycleConfiguration(r -> r.bucket(b)),
                b -> s3.getBucketReplication(r -> r.bucket(b)),
                b -> s3.getBucketEncryption(r -> r.bucket(b)),
                b -> s3.getObjectLockConfiguration(r -> r.bucket(b)),
                // the provider's region lookup (s3manager.GetBucketRegion) is a second HEAD
                b -> s3.headBucket(r -> r.bucket(b)),
                b -> s3.getBucketTagging(r -> r.bucket(b)),
                b -> s3.getPublicAccessBlock(r -> r.bucket(b)));
        for (Consumer<String> read : reads) {
            try {
                read.accept(bucket);
            } catch (SdkServiceException absent) {
                // NoSuchCORSConfiguration and the like: the provider reads them as "not configured"
            }
        }
    }
}
