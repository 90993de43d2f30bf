package dev.converge.api;

import dev.converge.engine.LastPass;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest pass over one environment, as the API shows it.
 *
 * @param result {@code success} or {@code error}
 * @param error why the pass failed as a whole, or null
 * @param revision the spec revision the pass converged to
 * @param changes how many executed plan steps ended in each result ({@code success}, {@code error},
 *     {@code skipped}); every result is present
 */
public record PassStatus(
        Instant started, long durationMillis, String result, String error, String revision, Map<String, Long> changes) {

    static PassStatus of(LastPass last) {
        PassReport report = last.report();
        Map<String, Long> changes = new TreeMap<>();
        for (Outcome.Result result : Outcome.Result.values()) {
            changes.put(result.label(), report.outcomes().stream().filter(o -> o.result() == result).count());
        }
        return new PassStatus(report.started(), report.duration().toMillis(), report.success() ? "success" : "error",
                report.error(), last.revision(), changes);
    }
}
