package dev.converge.engine.events;

import java.time.Duration;

/** What the event consumers tell monitoring; {@code dev.converge.metrics} implements it. */
public interface EventMetrics {

    /** One event received from an environment's queue, of the given service, matched to a managed resource or not. */
    void recordEvent(String environment, String service, boolean matched);

    /** From an event's time to the pass that corrected the drift it revealed. */
    void recordCorrected(String environment, Duration lag);

    /** A receive or delete on an environment's queue failed. */
    void recordQueueError(String environment);
}
