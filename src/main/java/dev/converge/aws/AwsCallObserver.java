package dev.converge.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts and times every AWS API call, and writes one structured audit line for each call that
 * changes state. Installed on every client, so no driver can forget it.
 */
public final class AwsCallObserver implements ExecutionInterceptor {

    private static final Logger AUDIT = Logger.getLogger("converge.audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The SDK requires attribute names to be unique per JVM, and this class is loaded once per application
     * start (a JVM running the CLI's tests starts Converge many times), so the name carries the loading.
     */
    private static final ExecutionAttribute<Long> STARTED =
            new ExecutionAttribute<>("converge.started@" + Integer.toHexString(System.identityHashCode(AwsCallObserver.class)));

    private final MeterRegistry registry;

    public AwsCallObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    /** How long the call has taken so far, to an interceptor that runs after this one's {@code beforeExecution}. */
    static Optional<Duration> elapsed(ExecutionAttributes attributes) {
        return Optional.ofNullable(attributes.getAttribute(STARTED)).map(started -> Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, "success", null);
    }

    /** Whoever logs or reports the failure learns which call it was, a timeout included. */
    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        return AwsFailures.naming(context.exception(), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, "error", AwsFailures.describe(context.exception()));
    }

    private void record(ExecutionAttributes attributes, String outcome, String error) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Counter.builder("converge.aws.api.calls")
                .description("AWS API calls by service, operation and outcome")
                .tag("service", service)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            Timer.builder("converge.aws.api.call.duration")
                    .description("Duration of AWS API calls, including the SDK's own retries")
                    .tag("service", service)
                    .tag("operation", operation)
                    .register(registry)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        if (AwsOperations.isMutating(operation)) {
            audit(service, operation, outcome, error);
        }
    }

    private static void audit(String service, String operation, String outcome, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        AuditScope.Step step = AuditScope.current();
        if (step != null) {
            line.put("environment", step.environment());
            line.put("resource", step.resource());
            line.put("action", step.action());
        }
        line.put("call", service + ":" + operation);
        line.put("outcome", outcome);
        if (step != null) {
            line.put("changes", step.changes());
            if (step.cause() != null) {
                line.put("cause", step.cause());
            }
        }
        if (error != null) {
            line.put("error", error);
        }
        try {
            AUDIT.info(JSON.writeValueAsString(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            AUDIT.info(line.toString());
        }
    }
}
