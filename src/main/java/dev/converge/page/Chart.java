package dev.converge.page;

import dev.converge.engine.PassHistory;
import io.quarkus.qute.TemplateData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One series of recent passes drawn as an inline SVG line over the history's window: the points are
 * computed here, so the page needs no script. Each chart has its own scale, from zero to its largest value.
 *
 * @param points the polyline's {@code x,y} pairs in the {@link #WIDTH} × {@link #HEIGHT} view box
 * @param summary the same data in words, for screen readers and for people who do not read charts
 */
@TemplateData
public record Chart(String id, String title, String summary, String points, double lastX, double lastY, String max,
        String from, String to) {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 80;
    /** Room above the largest value and below zero, so the line never touches the frame. */
    private static final int PAD = 4;

    /** The three charts of an environment: pass durations, drift found, changes made. */
    public static List<Chart> of(String environment, List<PassHistory.Entry> passes, Instant now) {
        return List.of(
                series(environment + "-duration", "Pass duration", "ms", passes, now, e -> e.duration().toMillis()),
                series(environment + "-drift", "Drifted resources found", "resources", passes, now, PassHistory.Entry::driftDetected),
                series(environment + "-changes", "Changes made", "changes", passes, now, PassHistory.Entry::changes));
    }

    static Chart series(String id, String title, String unit, List<PassHistory.Entry> passes, Instant now,
            ToDoubleFunction<PassHistory.Entry> value) {
        Instant from = now.minus(PassHistory.WINDOW);
        double max = passes.stream().mapToDouble(value).max().orElse(0);
        double scale = max == 0 ? 0 : (HEIGHT - 2.0 * PAD) / max;
        List<String> points = new ArrayList<>();
        double x = 0;
        double y = HEIGHT - PAD;
        for (PassHistory.Entry pass : passes) {
            x = round(WIDTH * fraction(Duration.between(from, pass.started()), PassHistory.WINDOW));
            y = round(HEIGHT - PAD - value.applyAsDouble(pass) * scale);
            points.add(number(x) + "," + number(y));
        }
        String summary = passes.isEmpty()
                ? title + ": no passes in the last " + PassHistory.WINDOW.toHours() + " hours"
                : title + " over the last " + PassHistory.WINDOW.toHours() + " hours, " + passes.size() + " passes: latest "
                        + number(value.applyAsDouble(passes.get(passes.size() - 1))) + " " + unit + ", highest " + number(max) + " " + unit;
        return new Chart(id, title, summary, String.join(" ", points), x, y, number(max) + " " + unit,
                Times.clock(from), Times.clock(now));
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public boolean empty() {
        return points.isEmpty();
    }

    private static double fraction(Duration part, Duration whole) {
        return Math.max(0, Math.min(1, (double) part.toMillis() / whole.toMillis()));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
