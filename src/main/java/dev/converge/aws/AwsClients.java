package dev.converge.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of one environment, built on first use and closed with the environment, together with
 * their credential providers (whose background refresh would otherwise outlive them). Kept by client type,
 * so a new service adds one line to the factory and one accessor here, and a test builds only the clients
 * it drives.
 */
public final class AwsClients implements AutoCloseable {

    private final Map<Class<? extends SdkClient>, Lazy<? extends SdkClient>> clients;
    private final List<SdkAutoCloseable> credentials;
    private String accountId;

    private AwsClients(Map<Class<? extends SdkClient>, Lazy<? extends SdkClient>> clients, List<? extends SdkAutoCloseable> credentials) {
        this.clients = clients;
        this.credentials = List.copyOf(credentials);
    }

    /** @param credentials what provides the clients' credentials, closed after the clients */
    static Builder builder(List<? extends SdkAutoCloseable> credentials) {
        return new Builder(credentials);
    }

    /**
     * The account the environment's own credentials belong to, as STS reports it (for the account guard).
     * Asked once: these clients' credentials stay in one account for as long as they live, since they are
     * rebuilt whenever the role they assume changes.
     */
    public synchronized String accountId() {
        if (accountId == null) {
            accountId = client(StsClient.class).getCallerIdentity().account();
        }
        return accountId;
    }

    public Ec2Client ec2() {
        return client(Ec2Client.class);
    }

    public AutoScalingClient autoScaling() {
        return client(AutoScalingClient.class);
    }

    public S3Client s3() {
        return client(S3Client.class);
    }

    public RdsClient rds() {
        return client(RdsClient.class);
    }

    /** The Resource Groups Tagging API: which resources of a type carry a tag, in one paginated read. */
    public ResourceGroupsTaggingApiClient tagging() {
        return client(ResourceGroupsTaggingApiClient.class);
    }

    public ElasticLoadBalancingV2Client elb() {
        return client(ElasticLoadBalancingV2Client.class);
    }

    /** IAM is global: the account's roles, whatever the environment's region. */
    public IamClient iam() {
        return client(IamClient.class);
    }

    /** Systems Manager, for Parameter Store. */
    public SsmClient ssm() {
        return client(SsmClient.class);
    }

    public SqsClient sqs() {
        return client(SqsClient.class);
    }

    public SnsClient sns() {
        return client(SnsClient.class);
    }

    /** CloudFront is global: the account's distributions, whatever the environment's region. */
    public CloudFrontClient cloudFront() {
        return client(CloudFrontClient.class);
    }

    /** EventBridge, for the rule that forwards CloudTrail's events to Converge's queue. */
    public EventBridgeClient events() {
        return client(EventBridgeClient.class);
    }

    public LambdaClient lambda() {
        return client(LambdaClient.class);
    }

    private <T extends SdkClient> T client(Class<T> type) {
        Lazy<? extends SdkClient> client = clients.get(type);
        if (client == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " was built for this environment");
        }
        return type.cast(client.get());
    }

    @Override
    public void close() {
        clients.values().forEach(Lazy::close);
        credentials.forEach(SdkAutoCloseable::close);
    }

    static final class Builder {
        private final Map<Class<? extends SdkClient>, Lazy<? extends SdkClient>> clients = new LinkedHashMap<>();
        private final List<? extends SdkAutoCloseable> credentials;

        private Builder(List<? extends SdkAutoCloseable> credentials) {
            this.credentials = credentials;
        }

        <T extends SdkClient> Builder client(Class<T> type, Supplier<T> factory) {
            clients.put(type, new Lazy<>(factory));
            return this;
        }

        AwsClients build() {
            return new AwsClients(Map.copyOf(clients), credentials);
        }
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
