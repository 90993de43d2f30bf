package dev.converge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Everything logged while it is open, as the log would show it: formatted messages and stack traces.
 * Captures the worst case, someone troubleshooting with every logger at the lowest level, except for
 * the categories whose level the service's {@code application.properties} pins.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final Pattern CATEGORY_LEVEL = Pattern.compile("quarkus\\.log\\.category\\.\"([^\"]+)\"\\.level");

    private final List<String> lines = new ArrayList<>();
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
    private final Logger root = Logger.getLogger("");

    private LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(capture.root, Level.ALL);
        configuredCategoryLevels().forEach((category, level) -> capture.setLevel(Logger.getLogger(category), level));
        capture.root.addHandler(capture);
        return capture;
    }

    private void setLevel(Logger logger, Level level) {
        previousLevels.put(logger, logger.getLevel());
        logger.setLevel(level);
    }

    /** The service's category levels (for every profile), in java.util.logging's terms. */
    private static Map<String, Level> configuredCategoryLevels() {
        Properties properties = new Properties();
        try (InputStream in = LogCapture.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher category = CATEGORY_LEVEL.matcher(key);
            if (category.matches()) {
                levels.put(category.group(1), org.jboss.logmanager.Level.parse(properties.getProperty(key).trim()));
            }
        }
        return levels;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringWriter line = new StringWriter().append(record.getLoggerName()).append(' ').append(message);
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(line));
        }
        lines.add(line.toString());
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        root.removeHandler(this);
        previousLevels.forEach(Logger::setLevel);
    }
}
