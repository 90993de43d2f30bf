package dev.converge.engine;

import dev.converge.plan.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent passes of each environment, in memory, for the status page's chart and pass list: bounded by
 * age ({@link #WINDOW}) and by count ({@link #MAX_PER_ENVIRONMENT}), so a short interval cannot grow it
 * without end. It starts empty with every process; the metrics hold the long history.
 */
public final class PassHistory {

    public static final Duration WINDOW = Duration.ofHours(6);
    /** A pass every 20 s for six hours, more than the default interval ever makes. */
    public static final int MAX_PER_ENVIRONMENT = 1080;

    /**
     * One pass as the history keeps it.
     *
     * @param driftDetected resources found drifted when the pass began
     * @param driftRemaining resources still drifted when it ended; -1 when it could not observe
     * @param changes steps that changed AWS
     */
    public record Entry(
            Instant started, Duration duration, boolean success, String error, String revision,
            int driftDetected, int driftRemaining, long changes) {}

    private final Clock clock;
    private final Map<String, Deque<Entry>> passes = new ConcurrentHashMap<>();

    public PassHistory() {
        this(Clock.systemUTC());
    }

    PassHistory(Clock clock) {
        this.clock = clock;
    }

    public void record(PassReport report, String revision) {
        Entry entry = new Entry(report.started(), report.duration(), report.success(), report.error(), revision,
                drifted(report.detected()), report.remaining() == null ? -1 : drifted(report.remaining()), report.mutations());
        Deque<Entry> recent = passes.computeIfAbsent(report.environment(), e -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(entry);
            while (recent.size() > MAX_PER_ENVIRONMENT) {
                recent.removeFirst();
            }
            dropOld(recent);
        }
    }

    /** The environment's passes within the window, oldest first. */
    public List<Entry> of(String environment) {
        Deque<Entry> recent = passes.get(environment);
        if (recent == null) {
            return List.of();
        }
        synchronized (recent) {
            dropOld(recent);
            return List.copyOf(recent);
        }
    }

    private void dropOld(Deque<Entry> recent) {
        Instant horizon = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && recent.peekFirst().started().isBefore(horizon)) {
            recent.removeFirst();
        }
    }

    private static int drifted(Plan plan) {
        return plan == null ? 0 : plan.driftByKind().values().stream().mapToInt(Integer::intValue).sum();
    }
}
