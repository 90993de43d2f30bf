package dev.converge.aws.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.Notification;
import dev.converge.model.FunctionSpec;
import dev.converge.model.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;

/**
 * A bucket's event notifications, which Converge owns as a whole once the spec declares {@code
 * notifications}: read with GetBucketNotificationConfiguration into one line per destination (a queue,
 * topic or EventBridge destination set elsewhere shows as drift), and written with
 * PutBucketNotificationConfiguration, which replaces the whole configuration. A function only runs for S3
 * when its resource policy lets this bucket invoke it: the statement {@code converge-s3-<bucket>} (S3 as
 * principal, the bucket as source ARN, the function's account as source account), which Converge adds
 * before the configuration that needs it (S3 validates destinations when the configuration is written)
 * and checks with one GetPolicy per notified function; a statement taken away is drift. When the bucket
 * stops notifying one of the environment's functions, Converge takes its statement away again.
 */
final class BucketNotifications {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String S3_PRINCIPAL = "s3.amazonaws.com";
    /** How a function line shows that the function's policy does not let S3 invoke it for this bucket. */
    static final String WITHOUT_PERMISSION = " (without the permission for S3 to invoke it)";

    /**
     * Filter rule names as S3's documentation writes them; S3 takes either case, the SDK's enum sends
     * {@code Prefix}, which moto refuses.
     */
    private static final String PREFIX = "prefix";
    private static final String SUFFIX = "suffix";

    private BucketNotifications() {}

    /** The configuration as compared: a line per destination, a function of the environment by its spec name. */
    static Set<String> read(S3Client s3, LambdaClient lambda, String bucket, String environment) {
        var configuration = s3.getBucketNotificationConfiguration(r -> r.bucket(bucket));
        Set<String> lines = new TreeSet<>();
        for (LambdaFunctionConfiguration function : configuration.lambdaFunctionConfigurations()) {
            String name = specName(function.lambdaFunctionArn(), environment);
            String line = Notification.text(name, events(function.eventsAsStrings()), rule(function.filter(), PREFIX),
                    rule(function.filter(), SUFFIX));
            lines.add(permitted(lambda, function.lambdaFunctionArn(), bucket) ? line : line + WITHOUT_PERMISSION);
        }
        configuration.queueConfigurations().forEach(queue -> lines.add(Notification.text("queue " + queue.queueArn(),
                events(queue.eventsAsStrings()), rule(queue.filter(), PREFIX), rule(queue.filter(), SUFFIX))));
        configuration.topicConfigurations().forEach(topic -> lines.add(Notification.text("topic " + topic.topicArn(),
                events(topic.eventsAsStrings()), rule(topic.filter(), PREFIX), rule(topic.filter(), SUFFIX))));
        if (configuration.eventBridgeConfiguration() != null) {
            lines.add("EventBridge on every event");
        }
        return lines;
    }

    /**
     * Lets S3 invoke each notified function for this bucket where its policy does not yet, writes the
     * declared configuration in place of whatever the bucket had, and then takes this bucket's statement
     * out of the policy of each of the environment's functions the bucket no longer notifies, so that no
     * function stays invocable by a bucket that has stopped using it.
     */
    static void write(String bucket, List<Notification> notifications, DriverContext context) {
        LambdaClient lambda = context.clients().lambda();
        S3Client s3 = context.clients().s3();
        Set<String> unused = new TreeSet<>();
        s3.getBucketNotificationConfiguration(r -> r.bucket(bucket)).lambdaFunctionConfigurations()
                .forEach(function -> unused.add(function.lambdaFunctionArn()));
        List<LambdaFunctionConfiguration> functions = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            Notification notification = notifications.get(i);
            String arn = context.idOf(ResourceKey.of(FunctionSpec.KIND, notification.function()));
            if (!permitted(lambda, arn, bucket)) {
                lambda.addPermission(r -> r.functionName(arn)
                        .statementId(statementId(bucket))
                        .action("lambda:InvokeFunction")
                        .principal(S3_PRINCIPAL)
                        .sourceArn(bucketArn(bucket))
                        .sourceAccount(accountOf(arn)));
            }
            List<FilterRule> rules = new ArrayList<>();
            if (notification.prefix() != null) {
                rules.add(FilterRule.builder().name(PREFIX).value(notification.prefix()).build());
            }
            if (notification.suffix() != null) {
                rules.add(FilterRule.builder().name(SUFFIX).value(notification.suffix()).build());
            }
            functions.add(LambdaFunctionConfiguration.builder()
                    .id("converge-" + notification.function() + "-" + i)
                    .lambdaFunctionArn(arn)
                    .eventsWithStrings(Notification.OBJECT_CREATED)
                    .filter(rules.isEmpty() ? null : NotificationConfigurationFilter.builder().key(k -> k.filterRules(rules)).build())
                    .build());
        }
        s3.putBucketNotificationConfiguration(r -> r.bucket(bucket)
                .notificationConfiguration(NotificationConfiguration.builder().lambdaFunctionConfigurations(functions).build()));
        functions.forEach(function -> unused.remove(function.lambdaFunctionArn()));
        String environment = context.environment().name();
        unused.stream()
                .filter(arn -> !specName(arn, environment).equals(arn))
                .forEach(arn -> NotFound.ignoring(() -> lambda.removePermission(r -> r.functionName(arn).statementId(statementId(bucket)))));
    }

    /** The spec name of a function of the environment, which Converge names {@code <environment>-<name>}; otherwise its ARN. */
    private static String specName(String arn, String environment) {
        String function = arn.substring(arn.indexOf(":function:") + ":function:".length());
        int qualifier = function.indexOf(':');
        String name = qualifier < 0 ? function : function.substring(0, qualifier);
        String prefix = FunctionSpec.functionName(environment, "");
        return name.startsWith(prefix) && qualifier < 0 ? name.substring(prefix.length()) : arn;
    }

    /** Whether the function's resource policy holds this bucket's statement, admitting S3 from the bucket. */
    private static boolean permitted(LambdaClient lambda, String function, String bucket) {
        String policy = NotFound.readOr(() -> lambda.getPolicy(r -> r.functionName(function)).policy(), null);
        if (policy == null) {
            return false;
        }
        for (JsonNode statement : parse(policy).path("Statement")) {
            if (statement.path("Sid").asText().equals(statementId(bucket))) {
                return statement.toString().contains(bucketArn(bucket)) && statement.toString().contains(S3_PRINCIPAL);
            }
        }
        return false;
    }

    static String statementId(String bucket) {
        return "converge-s3-" + bucket.replace('.', '-');
    }

    private static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    /** A Lambda ARN's account: {@code arn:aws:lambda:<region>:<account>:function:<name>}. */
    private static String accountOf(String functionArn) {
        return functionArn.split(":")[4];
    }

    private static String events(List<String> events) {
        return String.join(",", new TreeSet<>(events));
    }

    private static String rule(NotificationConfigurationFilter filter, String name) {
        if (filter == null || filter.key() == null) {
            return null;
        }
        return filter.key().filterRules().stream()
                .filter(rule -> name.equalsIgnoreCase(rule.nameAsString()))
                .map(FilterRule::value)
                .findFirst()
                .orElse(null);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the spec declares notifications, so that Converge owns the bucket's configuration. */
    static boolean declaredIn(java.util.Map<String, Object> properties) {
        return properties.containsKey(BucketSpec.NOTIFICATIONS);
    }
}
