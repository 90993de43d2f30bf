package dev.converge.page;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the page writes times: UTC, to the second, as the logs and the API do. */
final class Times {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String stamp(Instant instant) {
        return STAMP.format(instant);
    }

    static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 10_000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
