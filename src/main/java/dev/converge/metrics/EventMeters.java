package dev.converge.metrics;

import dev.converge.engine.events.EventMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The event consumers' metrics: {@code converge_events_received_total}, {@code converge_events_matched_total}
 * and {@code converge_events_unmatched_total} by environment and service, the histogram
 * {@code converge_events_lag_seconds} from an event's time to its drift corrected, and
 * {@code converge_events_queue_errors_total}.
 */
@Singleton
public class EventMeters implements EventMetrics {

    private final MeterRegistry registry;

    public EventMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recordEvent(String environment, String service, boolean matched) {
        counter("converge.events.received", "CloudTrail events received from the environment's queue", environment, service);
        counter(matched ? "converge.events.matched" : "converge.events.unmatched",
                matched ? "Events that named a resource Converge manages" : "Events that named none (re-observed by kind, or ignored)",
                environment, service);
    }

    private void counter(String name, String description, String environment, String service) {
        Counter.builder(name).description(description)
                .tag("environment", environment).tag("service", service)
                .register(registry).increment();
    }

    @Override
    public void recordCorrected(String environment, Duration lag) {
        Timer.builder("converge.events.lag")
                .description("From a CloudTrail event's time to the drift it revealed being corrected")
                .tag("environment", environment)
                .publishPercentileHistogram()
                .register(registry)
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }

    @Override
    public void recordQueueError(String environment) {
        Counter.builder("converge.events.queue.errors").description("Failed receives and deletes on the event queue")
                .tag("environment", environment).register(registry).increment();
    }
}
