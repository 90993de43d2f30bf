package dev.converge.aws;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of one environment, built on first use and closed with the environment, together with
 * their credential providers (whose background refresh would otherwise outlive them).
 */
public final class AwsClients implements AutoCloseable {

    private final Lazy<Ec2Client> ec2;
    private final Lazy<AutoScalingClient> autoScaling;
    private final Lazy<S3Client> s3;
    private final Lazy<StsClient> sts;
    private final Lazy<RdsClient> rds;
    private final Lazy<ResourceGroupsTaggingApiClient> tagging;
    private final Lazy<ElasticLoadBalancingV2Client> elb;
    private final Lazy<IamClient> iam;
    private final Lazy<SsmClient> ssm;
    private final Lazy<SqsClient> sqs;
    private final Lazy<SnsClient> sns;
    private final List<SdkAutoCloseable> credentials;
    private String accountId;

    /** @param credentials what provides the clients' credentials, closed after the clients */
    AwsClients(
            Supplier<Ec2Client> ec2,
            Supplier<AutoScalingClient> autoScaling,
            Supplier<S3Client> s3,
            Supplier<StsClient> sts,
            Supplier<RdsClient> rds,
            Supplier<ResourceGroupsTaggingApiClient> tagging,
            Supplier<ElasticLoadBalancingV2Client> elb,
            Supplier<IamClient> iam,
            Supplier<SsmClient> ssm,
            Supplier<SqsClient> sqs,
            Supplier<SnsClient> sns,
            List<? extends SdkAutoCloseable> credentials) {
        this.ec2 = new Lazy<>(ec2);
        this.autoScaling = new Lazy<>(autoScaling);
        this.s3 = new Lazy<>(s3);
        this.sts = new Lazy<>(sts);
        this.rds = new Lazy<>(rds);
        this.tagging = new Lazy<>(tagging);
        this.elb = new Lazy<>(elb);
        this.iam = new Lazy<>(iam);
        this.ssm = new Lazy<>(ssm);
        this.sqs = new Lazy<>(sqs);
        this.sns = new Lazy<>(sns);
        this.credentials = List.copyOf(credentials);
    }

    /**
     * The account the environment's own credentials belong to, as STS reports it (for the account guard).
     * Asked once: these clients' credentials stay in one account for as long as they live, since they are
     * rebuilt whenever the role they assume changes.
     */
    public synchronized String accountId() {
        if (accountId == null) {
            accountId = sts.get().getCallerIdentity().account();
        }
        return accountId;
    }

    public Ec2Client ec2() {
        return ec2.get();
    }

    public AutoScalingClient autoScaling() {
        return autoScaling.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public RdsClient rds() {
        return rds.get();
    }

    /** The Resource Groups Tagging API: which resources of a type carry a tag, in one paginated read. */
    public ResourceGroupsTaggingApiClient tagging() {
        return tagging.get();
    }

    public ElasticLoadBalancingV2Client elb() {
        return elb.get();
    }

    /** IAM is global: the account's roles, whatever the environment's region. */
    public IamClient iam() {
        return iam.get();
    }

    /** Systems Manager, for Parameter Store. */
    public SsmClient ssm() {
        return ssm.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        s3.close();
        sts.close();
        rds.close();
        tagging.close();
        elb.close();
        iam.close();
        ssm.close();
        sqs.close();
        sns.close();
        credentials.forEach(SdkAutoCloseable::close);
    }

    private static final class Lazy<T extends AutoCloseable> {
        private final Supplier<T> factory;
        private T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            if (value == null) {
                value = factory.get();
            }
            return value;
        }

        synchronized void close() {
            if (value != null) {
                try {
                    value.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                value = null;
            }
        }
    }
}
