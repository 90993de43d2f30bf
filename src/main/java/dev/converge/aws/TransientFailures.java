package dev.converge.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts AWS requests that failed in a way worth retrying, by why: resilience4j counts calls, not
 * attempts, and does not say whether AWS throttled, failed or could not be reached.
 */
final class TransientFailures {

    private final MeterRegistry registry;

    TransientFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String environment, String service, HttpAttempt attempt) {
        record(environment, service, attempt.throttled() ? "throttled" : "server_error");
    }

    void recordUnreachable(String environment, String service) {
        record(environment, service, "connection");
    }

    private void record(String environment, String service, String reason) {
        Counter.builder("converge.aws.transient.failures")
                .description("AWS requests that were throttled, failed with 5xx or could not connect; each is retried while attempts remain")
                .tags("environment", environment, "service", service, "reason", reason)
                .register(registry)
                .increment();
    }
}
