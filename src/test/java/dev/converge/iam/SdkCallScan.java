package dev.converge.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
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
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK operations written in Converge's AWS code, found by reading the source: calls on a client named
 * as {@code AwsClients} names them ({@code ec2.createVpc(}, {@code clients().s3().putBucketTagging(},
 * across line breaks), kept when the client interface has such an operation method (one returning a
 * response or a paginator), so {@code close()} or {@code waiter()} are not operations. Waiters' polling
 * calls are not seen here; the integration tests' check records them.
 */
public final class SdkCallScan {

    public static final Path SOURCES = Path.of("src/main/java/dev/converge/aws");

    private static final Map<String, Class<?>> CLIENTS = Map.ofEntries(
            Map.entry("ec2", Ec2Client.class),
            Map.entry("autoScaling", AutoScalingClient.class),
            Map.entry("elb", ElasticLoadBalancingV2Client.class),
            Map.entry("rds", RdsClient.class),
            Map.entry("s3", S3Client.class),
            Map.entry("sts", StsClient.class),
            Map.entry("tagging", ResourceGroupsTaggingApiClient.class),
            Map.entry("iam", IamClient.class),
            Map.entry("ssm", SsmClient.class),
            Map.entry("sqs", SqsClient.class),
            Map.entry("sns", SnsClient.class),
            Map.entry("cloudFront", CloudFrontClient.class),
            Map.entry("events", EventBridgeClient.class),
            Map.entry("lambda", LambdaClient.class));

    private static final Pattern CALL = Pattern.compile(
            "\\b(" + String.join("|", CLIENTS.keySet()) + ")\\b(?:\\(\\))?\\s*\\.\\s*([a-z]\\w*)\\s*\\(");

    /** A call: the client's service name (its IAM prefix, lowercased) and the SDK operation name. */
    public record Call(String service, String operation) implements Comparable<Call> {
        @Override
        public int compareTo(Call other) {
            return (service + ":" + operation).compareTo(other.service + ":" + other.operation);
        }
    }

    private SdkCallScan() {}

    public static Set<Call> calls() {
        Set<Call> calls = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = CALL.matcher(Files.readString(file));
                while (m.find()) {
                    Class<?> client = CLIENTS.get(m.group(1));
                    String method = m.group(2);
                    if (isOperation(client, method)) {
                        String operation = method.replaceFirst("Paginator$", "");
                        calls.add(new Call(serviceName(client), Character.toUpperCase(operation.charAt(0)) + operation.substring(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    private static boolean isOperation(Class<?> client, String method) {
        return Arrays.stream(client.getMethods())
                .filter(m -> m.getName().equals(method))
                .map(Method::getReturnType)
                .anyMatch(type -> type.getSimpleName().endsWith("Response") || type.getSimpleName().endsWith("Iterable"));
    }

    /** The client's SERVICE_NAME, as the call observer's {@code service} tag carries it. */
    private static String serviceName(Class<?> client) {
        try {
            return (String) client.getField("SERVICE_NAME").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
