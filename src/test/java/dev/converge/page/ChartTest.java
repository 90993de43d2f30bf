package dev.converge.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The charts are drawn on the server: points placed by time over the window, scaled to the largest value. */
class ChartTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void pointsArePlacedByTimeAcrossTheWindow_andScaledToTheLargestValue() {
        List<PassHistory.Entry> passes = List.of(
                entry(NOW.minus(PassHistory.WINDOW), 100),
                entry(NOW.minus(PassHistory.WINDOW.dividedBy(2)), 400),
                entry(NOW, 200));

        Chart chart = Chart.series("prod-duration", "Pass duration", "ms", passes, NOW, e -> e.duration().toMillis());

        assertThat(chart.points()).isEqualTo("0,58 300,4 600,40");
        assertThat(chart.lastX()).isEqualTo(600);
        assertThat(chart.max()).isEqualTo("400 ms");
        assertThat(chart.summary()).isEqualTo("Pass duration over the last 6 hours, 3 passes: latest 200 ms, highest 400 ms");
        assertThat(chart.from()).isEqualTo("06:00 UTC");
        assertThat(chart.to()).isEqualTo("12:00 UTC");
    }

    @Test
    void withoutPasses_theChartSaysSo() {
        Chart chart = Chart.series("prod-drift", "Drifted resources found", "resources", List.of(), NOW, PassHistory.Entry::driftDetected);

        assertThat(chart.empty()).isTrue();
        assertThat(chart.summary()).isEqualTo("Drifted resources found: no passes in the last 6 hours");
    }

    @Test
    void allZero_staysOnTheBaseline() {
        Chart chart = Chart.series("prod-changes", "Changes made", "changes", List.of(entry(NOW, 5)), NOW, PassHistory.Entry::changes);

        assertThat(chart.points()).isEqualTo("600,76");
    }

    private static PassHistory.Entry entry(Instant started, long millis) {
        return new PassHistory.Entry(started, Duration.ofMillis(millis), true, null, "r1", 0, 0, 0);
    }
}
