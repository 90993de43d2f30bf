package dev.converge.engine;

import java.util.Collection;

/**
 * What the engine tells monitoring as it works. The engine owns this interface and knows no exporter;
 * {@code dev.converge.metrics} implements it, so dependencies point one way: metrics → engine → plan → model.
 */
public interface EngineMetrics extends DriftListener {

    /**
     * One pass over one environment when it has ended; {@code kinds} are all known kinds, so a kind without
     * drift reads 0, not stale. The drift it found was recorded as {@link #detected found}.
     */
    void recordPass(PassReport report, Collection<String> kinds);

    /**
     * The environments the controller converges now. Their alerting series exist from here on, at zero
     * until something happens; the gauges of any other environment are removed, since it left the spec.
     */
    void recordEnvironmentsInForce(Collection<String> environments, Collection<String> kinds);

    /**
     * An environment of the spec that {@code converge.guards.allowed-environments} ({@code reason} "environment")
     * or {@code converge.aws.allowed-accounts} ({@code reason} "account") leaves out.
     */
    void recordEnvironmentSkipped(String environment, String reason);

    /**
     * This replica no longer converges the environment: its lease moved to another replica. The gauges of
     * what its passes saw (drift, conflicts, orphans, flapping) are removed, so that only the owner reports
     * them and a stale value on a former owner never pages; the counters and the last success stay.
     */
    void recordEnvironmentRelinquished(String environment);

    /** A spec revision came into force. */
    void recordSpecRevision(String source, String revision);

    /** A spec revision failed to parse, validate or load; the one in force stays. */
    void recordSpecRefused(String source, String revision);

    /** The newest revision could not be read from the source (fetch failed or timed out); the one in force stays. */
    void recordSpecFetchError();
}
