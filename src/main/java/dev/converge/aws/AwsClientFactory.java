package dev.converge.aws;

import dev.converge.model.Environment;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the clients of an environment: its region, the default credential chain or the role the
 * environment assumes (with its external id, the controller's source identity and a session name naming
 * the environment), the endpoint override, the call observer on every client, and the resilience
 * layer under every client in place of the SDK's own retries, so no call is retried twice over.
 */
public final class AwsClientFactory {

    /** How long before expiry assumed-role credentials are refreshed in the background. */
    static final Duration PREFETCH = Duration.ofMinutes(5);
    /** How long before expiry a caller waits for fresh credentials instead of using the old ones. */
    static final Duration STALE = Duration.ofMinutes(1);
    /**
     * The timers of every client's call timeouts. Left to itself the SDK gives each client a pool of five
     * threads: with a dozen services in each of several environments, over a hundred idle threads and their
     * stacks. A timer only fires an interrupt, so two threads serve every client; the SDK does not shut down
     * an executor it was given, and these threads are daemons.
     */
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "converge-aws-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private final AwsSettings settings;
    private final AwsCallObserver observer;
    private final Resilience resilience;
    private final CallTimeouts timeouts;

    public AwsClientFactory(AwsSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.observer = new AwsCallObserver(registry);
        this.timeouts = new CallTimeouts(settings.callTimeout());
        this.resilience = new Resilience(settings.resilience(), settings.callTimeout(), timeouts.longest(), registry);
    }

    /** How long the next call of {@code operation} in the environment may take (longer for a read that ran out of time). */
    public Duration callTimeout(String environment, String operation) {
        return timeouts.of(environment, operation);
    }

    public AwsClients clientsFor(Environment environment) {
        Region region = Region.of(environment.region() != null ? environment.region() : settings.defaultRegion());
        List<SdkAutoCloseable> credentialResources = new ArrayList<>();
        AwsCredentialsProvider credentials = credentials(environment, region, credentialResources);
        return AwsClients.builder(credentialResources)
                .client(Ec2Client.class, () -> configure(Ec2Client.builder(), environment, "ec2", region, credentials).build())
                .client(AutoScalingClient.class, () -> configure(AutoScalingClient.builder(), environment, "autoscaling", region, credentials).build())
                .client(S3Client.class, () -> configure(S3Client.builder(), environment, "s3", region, credentials)
                        .forcePathStyle(settings.endpoint().isPresent())
                        .build())
                .client(StsClient.class, () -> configure(StsClient.builder(), environment, "sts", region, credentials).build())
                .client(RdsClient.class, () -> configure(RdsClient.builder(), environment, "rds", region, credentials).build())
                .client(ResourceGroupsTaggingApiClient.class,
                        () -> configure(ResourceGroupsTaggingApiClient.builder(), environment, "tagging", region, credentials).build())
                .client(ElasticLoadBalancingV2Client.class,
                        () -> configure(ElasticLoadBalancingV2Client.builder(), environment, "elasticloadbalancing", region, credentials).build())
                // IAM's endpoint rules send every region of a partition to its one global endpoint.
                .client(IamClient.class, () -> configure(IamClient.builder(), environment, "iam", region, credentials).build())
                .client(SsmClient.class, () -> configure(SsmClient.builder(), environment, "ssm", region, credentials).build())
                .client(SqsClient.class, () -> configure(SqsClient.builder(), environment, "sqs", region, credentials).build())
                .client(SnsClient.class, () -> configure(SnsClient.builder(), environment, "sns", region, credentials).build())
                // CloudFront is global: one endpoint, signed for aws-global, whatever the environment's region.
                .client(CloudFrontClient.class, () -> configure(CloudFrontClient.builder(), environment, "cloudfront", Region.AWS_GLOBAL, credentials).build())
                .client(EventBridgeClient.class, () -> configure(EventBridgeClient.builder(), environment, "events", region, credentials).build())
                .client(LambdaClient.class, () -> configure(LambdaClient.builder(), environment, "lambda", region, credentials).build())
                .build();
    }

    /**
     * The default chain, or the environment's role assumed with it. The role's credentials are refreshed
     * in the background from {@link #PREFETCH} before they expire, so a pass never waits on STS nor runs
     * into expired credentials; what is built here is handed to the clients to be closed with them (the
     * SDK closes neither a provider given to a client nor the STS client given to a provider).
     */
    private AwsCredentialsProvider credentials(Environment environment, Region region, List<SdkAutoCloseable> resources) {
        DefaultCredentialsProvider base = DefaultCredentialsProvider.builder().build();
        if (environment.roleArn() == null) {
            resources.add(base);
            return base;
        }
        StsClient sts = configure(StsClient.builder(), environment, "sts", region, base).build();
        StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .asyncCredentialUpdateEnabled(true)
                .prefetchTime(PREFETCH)
                .staleTime(STALE)
                .refreshRequest(r -> r.roleArn(environment.roleArn())
                        .roleSessionName(StsNames.sessionName(environment.name()))
                        .externalId(environment.externalId())
                        .sourceIdentity(settings.sourceIdentity().orElse(null)))
                .build();
        resources.addAll(List.of(role, sts, base));
        return role;
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, Environment environment, String service, Region region, AwsCredentialsProvider credentials) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(resilience.httpClient(environment, service))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(observer)
                        .addExecutionInterceptor(timeouts.interceptor(environment.name()))
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.callTimeout())
                        .scheduledExecutorService(TIMERS)
                        .build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
