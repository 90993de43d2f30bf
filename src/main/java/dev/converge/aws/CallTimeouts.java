package dev.converge.aws;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * How long each read may take, per environment and operation. Every call starts with the configured call
 * timeout. A read that runs out of it (a describe over a large estate, a slow endpoint) may take twice as
 * long the next time, up to {@value #MAX_GROWTH} times the configured timeout, so the next pass waits for
 * the answer instead of failing at the same call again; once that read answers within the configured
 * timeout again, it is back to it. Mutating calls always keep the configured timeout: a write that hangs is
 * not waited on longer.
 */
final class CallTimeouts {

    static final int MAX_GROWTH = 8;
    private static final Logger LOG = Logger.getLogger(CallTimeouts.class);

    private final Duration configured;
    private final Map<String, Duration> grown = new ConcurrentHashMap<>();

    CallTimeouts(Duration configured) {
        this.configured = configured;
    }

    /** The longest any call may take: how long a socket may wait for an answer. */
    Duration longest() {
        return configured.multipliedBy(MAX_GROWTH);
    }

    /** How long the next call of {@code operation} in {@code environment} may take. */
    Duration of(String environment, String operation) {
        return grown.getOrDefault(key(environment, operation), configured);
    }

    private static String key(String environment, String operation) {
        return environment + " " + operation;
    }

    /** To be registered after the {@link AwsCallObserver}, whose start time it reads. */
    ExecutionInterceptor interceptor(String environment) {
        return new Interceptor(environment);
    }

    private final class Interceptor implements ExecutionInterceptor {

        private final String environment;

        Interceptor(String environment) {
            this.environment = environment;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            Duration timeout = grown.get(key(attributes));
            if (timeout == null || !(context.request() instanceof AwsRequest request)) {
                return context.request();
            }
            AwsRequestOverrideConfiguration override = request.overrideConfiguration()
                    .map(AwsRequestOverrideConfiguration::toBuilder)
                    .orElseGet(AwsRequestOverrideConfiguration::builder)
                    .apiCallTimeout(timeout)
                    .build();
            return request.toBuilder().overrideConfiguration(override).build();
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (AwsCallObserver.elapsed(attributes).filter(took -> took.compareTo(configured) < 0).isPresent()) {
                grown.remove(key(attributes));
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (AwsOperations.isMutating(operation) || !timedOut(context.exception())) {
                return;
            }
            Duration before = of(environment, operation);
            Duration after = before.multipliedBy(2).compareTo(longest()) > 0 ? longest() : before.multipliedBy(2);
            grown.put(key(attributes), after);
            LOG.warnf("%s of %s did not answer within %d s: its next calls may take %d s", operation, environment,
                    before.toSeconds(), after.toSeconds());
        }

        private String key(ExecutionAttributes attributes) {
            return CallTimeouts.key(environment, attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiCallTimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
