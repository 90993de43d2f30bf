package dev.converge.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IAM actions an AWS SDK operation needs, as AWS's Service Authorization Reference names them. Mostly
 * {@code <service prefix>:<operation>}; S3 names many actions differently from its operations, and some
 * operations need more than their own action (listed in full here, so the policy grants each).
 */
public final class IamActions {

    /**
     * The IAM prefix of each service Converge's clients call, by each name a call's service goes by: the
     * SDK's service id lowercased, as the metrics' service tag carries it ({@code elasticloadbalancingv2},
     * {@code resourcegroupstaggingapi}), and the client's {@code SERVICE_NAME} ({@code elasticloadbalancing},
     * {@code tagging}).
     */
    private static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("ec2", "ec2"),
            Map.entry("autoscaling", "autoscaling"),
            Map.entry("elasticloadbalancing", "elasticloadbalancing"),
            Map.entry("elasticloadbalancingv2", "elasticloadbalancing"),
            Map.entry("rds", "rds"),
            Map.entry("s3", "s3"),
            Map.entry("sts", "sts"),
            Map.entry("tagging", "tag"),
            Map.entry("resourcegroupstaggingapi", "tag"),
            Map.entry("iam", "iam"),
            Map.entry("ssm", "ssm"),
            Map.entry("sqs", "sqs"),
            Map.entry("sns", "sns"),
            Map.entry("cloudfront", "cloudfront"),
            Map.entry("eventbridge", "events"),
            Map.entry("events", "events"),
            Map.entry("lambda", "lambda"));

    /** Operations needing no permission: STS answers who the caller is to anyone. */
    private static final Set<String> UNAUTHORISED = Set.of("sts:GetCallerIdentity");

    private static final Map<String, List<String>> DIFFERENT = Map.ofEntries(
            Map.entry("s3:ListBuckets", List.of("s3:ListAllMyBuckets")),
            Map.entry("s3:HeadBucket", List.of("s3:ListBucket")),
            Map.entry("s3:ListObjectsV2", List.of("s3:ListBucket")),
            Map.entry("s3:ListObjects", List.of("s3:ListBucket")),
            Map.entry("s3:ListObjectVersions", List.of("s3:ListBucketVersions")),
            Map.entry("s3:GetBucketEncryption", List.of("s3:GetEncryptionConfiguration")),
            Map.entry("s3:PutBucketEncryption", List.of("s3:PutEncryptionConfiguration")),
            Map.entry("s3:DeleteBucketEncryption", List.of("s3:PutEncryptionConfiguration")),
            Map.entry("s3:GetBucketLifecycleConfiguration", List.of("s3:GetLifecycleConfiguration")),
            Map.entry("s3:PutBucketLifecycleConfiguration", List.of("s3:PutLifecycleConfiguration")),
            Map.entry("s3:DeleteBucketLifecycle", List.of("s3:PutLifecycleConfiguration")),
            Map.entry("s3:GetPublicAccessBlock", List.of("s3:GetBucketPublicAccessBlock")),
            Map.entry("s3:PutPublicAccessBlock", List.of("s3:PutBucketPublicAccessBlock")),
            Map.entry("s3:DeletePublicAccessBlock", List.of("s3:PutBucketPublicAccessBlock")),
            Map.entry("s3:DeleteBucketTagging", List.of("s3:PutBucketTagging")),
            Map.entry("s3:GetBucketNotificationConfiguration", List.of("s3:GetBucketNotification")),
            Map.entry("s3:PutBucketNotificationConfiguration", List.of("s3:PutBucketNotification")),
            Map.entry("s3:HeadObject", List.of("s3:GetObject")),
            // Lambda reads the code object as the caller, tags of a create are tagging, and the role is passed to Lambda.
            Map.entry("lambda:CreateFunction",
                    List.of("lambda:CreateFunction", "lambda:TagResource", "iam:PassRole", "s3:GetObject", "s3:GetObjectVersion")),
            Map.entry("lambda:UpdateFunctionCode", List.of("lambda:UpdateFunctionCode", "s3:GetObject", "s3:GetObjectVersion")),
            Map.entry("lambda:UpdateFunctionConfiguration", List.of("lambda:UpdateFunctionConfiguration", "iam:PassRole")),
            // CreateBucket carries the ownership tags (CreateBucketConfiguration.Tags).
            Map.entry("s3:CreateBucket", List.of("s3:CreateBucket", "s3:TagResource")),
            // A group launching a template launches instances as the caller, with the template's instance role.
            Map.entry("autoscaling:CreateAutoScalingGroup",
                    List.of("autoscaling:CreateAutoScalingGroup", "ec2:RunInstances", "ec2:CreateTags", "iam:PassRole")),
            Map.entry("autoscaling:UpdateAutoScalingGroup",
                    List.of("autoscaling:UpdateAutoScalingGroup", "ec2:RunInstances", "iam:PassRole")),
            // ELBv2 authorises the tags of a create call as AddTags on the new resource.
            Map.entry("elasticloadbalancing:CreateLoadBalancer", List.of("elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:AddTags")),
            Map.entry("elasticloadbalancing:CreateTargetGroup", List.of("elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:AddTags")),
            Map.entry("elasticloadbalancing:CreateListener", List.of("elasticloadbalancing:CreateListener", "elasticloadbalancing:AddTags")),
            Map.entry("elasticloadbalancing:CreateRule", List.of("elasticloadbalancing:CreateRule", "elasticloadbalancing:AddTags")),
            // ManageMasterUserPassword: RDS creates the secret as the caller.
            Map.entry("rds:CreateDBCluster",
                    List.of("rds:CreateDBCluster", "secretsmanager:CreateSecret", "secretsmanager:TagResource", "kms:DescribeKey")),
            // IAM authorises the tags of a create as tagging, and handing a role to a profile as passing it.
            Map.entry("iam:CreateRole", List.of("iam:CreateRole", "iam:TagRole")),
            // CreateQueue and CreateTopic carry the ownership tags, which SQS and SNS authorise as tagging.
            Map.entry("sqs:CreateQueue", List.of("sqs:CreateQueue", "sqs:TagQueue")),
            Map.entry("sns:CreateTopic", List.of("sns:CreateTopic", "sns:TagResource")),
            // CreateDistributionWithTags is authorised as CreateDistribution with tagging; logging to a
            // bucket makes CloudFront grant its log delivery account on the bucket's ACL, as the caller.
            Map.entry("cloudfront:CreateDistributionWithTags",
                    List.of("cloudfront:CreateDistribution", "cloudfront:TagResource", "s3:GetBucketAcl", "s3:PutBucketAcl")),
            Map.entry("cloudfront:UpdateDistribution", List.of("cloudfront:UpdateDistribution", "s3:GetBucketAcl", "s3:PutBucketAcl")),
            // A batch delete is authorised as deleting each message; PutRule with tags as tagging the rule.
            Map.entry("sqs:DeleteMessageBatch", List.of("sqs:DeleteMessage")),
            Map.entry("events:PutRule", List.of("events:PutRule", "events:TagResource")),
            Map.entry("iam:CreateInstanceProfile", List.of("iam:CreateInstanceProfile", "iam:TagInstanceProfile")),
            Map.entry("iam:AddRoleToInstanceProfile", List.of("iam:AddRoleToInstanceProfile", "iam:PassRole")),
            // Parameter Store decrypts and encrypts SecureStrings with KMS as the caller; tags of a create are tagging.
            Map.entry("ssm:GetParameters", List.of("ssm:GetParameters", "kms:Decrypt")),
            Map.entry("ssm:PutParameter", List.of("ssm:PutParameter", "ssm:AddTagsToResource", "kms:Encrypt", "kms:GenerateDataKey")),
            // Converge deletes a cluster with a final snapshot.
            Map.entry("rds:DeleteDBCluster", List.of("rds:DeleteDBCluster", "rds:CreateDBClusterSnapshot")));

    private IamActions() {}

    /** The actions {@code operation} of {@code service} needs; empty when it needs none. */
    public static List<String> required(String service, String operation) {
        String prefix = PREFIXES.get(service.toLowerCase(Locale.ROOT));
        if (prefix == null) {
            throw new IllegalArgumentException("no IAM prefix known for service " + service + " (operation " + operation + ")");
        }
        String action = prefix + ":" + operation;
        if (UNAUTHORISED.contains(action)) {
            return List.of();
        }
        return DIFFERENT.getOrDefault(action, List.of(action));
    }
}
