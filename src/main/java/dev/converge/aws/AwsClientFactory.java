package dev.converge.aws;

import dev.converge.model.Environment;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the clients of an environment: its region, the default credential chain or the role the
 * environment assumes, the endpoint override, the call observer on every client, and the resilience
 * layer under every client in place of the SDK's own retries, so no call is retried twice over.
 */
public final class AwsClientFactory {

    private final AwsSettings settings;
    private final AwsCallObserver observer;
    private final Resilience resilience;

    public AwsClientFactory(AwsSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.observer = new AwsCallObserver(registry);
        this.resilience = new Resilience(settings.resilience(), settings.callTimeout(), registry);
    }

    public AwsClients clientsFor(Environment environment) {
        Region region = Region.of(environment.region() != null ? environment.region() : settings.defaultRegion());
        AwsCredentialsProvider credentials = credentials(environment, region);
        return new AwsClients(
                () -> configure(Ec2Client.builder(), environment, "ec2", region, credentials).build(),
                () -> configure(AutoScalingClient.builder(), environment, "autoscaling", region, credentials).build(),
                () -> configure(S3Client.builder(), environment, "s3", region, credentials)
                        .forcePathStyle(settings.endpoint().isPresent())
                        .build(),
                () -> configure(StsClient.builder(), environment, "sts", region, credentials).build(),
                () -> configure(RdsClient.builder(), environment, "rds", region, credentials).build());
    }

    private AwsCredentialsProvider credentials(Environment environment, Region region) {
        AwsCredentialsProvider base = DefaultCredentialsProvider.builder().build();
        if (environment.roleArn() == null) {
            return base;
        }
        StsClient sts = configure(StsClient.builder(), environment, "sts", region, base).build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(environment.roleArn()).roleSessionName("converge-" + environment.name()))
                .build();
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, Environment environment, String service, Region region, AwsCredentialsProvider credentials) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(resilience.httpClient(environment, service))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(observer)
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.callTimeout())
                        .build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
