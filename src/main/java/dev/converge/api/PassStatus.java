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
 * @param causes for drift that CloudTrail events revealed, who made it and when, by resource; empty otherwise
 */
public record PassStatus(
        Instant started, long durationMillis, String result, String error, String revision, Map<String, Long> changes,
        Map<String, Cause> causes) {

    /** Who made a drift an event revealed: the caller's ARN, the address the call came from, the call's time and name. */
    public record Cause(String identity, String sourceIp, Instant time, String event) {}

    static PassStatus of(LastPass last) {
        PassReport report = last.report();
        Map<String, Long> changes = new TreeMap<>();
        for (Outcome.Result result : Outcome.Result.values()) {
            changes.put(result.label(), report.outcomes().stream().filter(o -> o.result() == result).count());
        }
        Map<String, Cause> causes = new TreeMap<>();
        report.causes().forEach((key, cause) -> causes.put(key.toString(),
                new Cause(cause.identity(), cause.sourceIp(), cause.time(), cause.event())));
        return new PassStatus(report.started(), report.duration().toMillis(), report.success() ? "success" : "error",
                report.error(), last.revision(), changes, causes);
    }
}
