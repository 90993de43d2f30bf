package dev.converge.bench;

import dev.converge.testing.Harness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes out-of-band changes while passes run on their schedule, and times each from the change to the
 * pass that reports it in {@code converge.drift.detected}, and to AWS reading back as declared.
 */
final class DriftProbe {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READ_BACK = Duration.ofMillis(500);

    record Latency(OutOfBandChange change, Duration seen, Duration repaired) {}

    private DriftProbe() {}

    static List<Latency> measure(Harness harness, List<OutOfBandChange> changes, Duration timeout) throws InterruptedException {
        List<Double> before = changes.stream().map(c -> detected(harness, c)).toList();
        // each change is timed from its own making: an announced one also puts its event, which moto takes a while over
        long[] made = new long[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            made[i] = System.nanoTime();
            changes.get(i).make().run();
        }
        Duration[] seen = new Duration[changes.size()];
        Duration[] repaired = new Duration[changes.size()];
        long lastReadBack = 0;
        while (System.nanoTime() - made[0] < timeout.toNanos() && !allSet(seen, repaired)) {
            Thread.sleep(POLL.toMillis());
            boolean readBack = System.nanoTime() - lastReadBack >= READ_BACK.toNanos();
            for (int i = 0; i < changes.size(); i++) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - made[i]);
                if (seen[i] == null && detected(harness, changes.get(i)) > before.get(i)) {
                    seen[i] = elapsed;
                }
                if (readBack && repaired[i] == null && changes.get(i).repaired().getAsBoolean()) {
                    repaired[i] = elapsed;
                }
            }
            if (readBack) {
                lastReadBack = System.nanoTime();
            }
        }
        List<Latency> latencies = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            latencies.add(new Latency(changes.get(i), seen[i], repaired[i]));
        }
        return latencies;
    }

    private static double detected(Harness harness, OutOfBandChange change) {
        return harness.metric("converge.drift.detected", "environment", change.environment(), "kind", change.kind());
    }

    private static boolean allSet(Duration[]... durations) {
        for (Duration[] set : durations) {
            for (Duration d : set) {
                if (d == null) {
                    return false;
                }
            }
        }
        return true;
    }
}
