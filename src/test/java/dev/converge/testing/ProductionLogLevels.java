package dev.converge.testing;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Tests that drive Converge without starting Quarkus log at the levels the application runs with. Until a
 * Quarkus application configures logging, Quarkus's initial configurator leaves the root logger at ALL, so
 * Apache HttpClient opens wire-logging connections that pass every byte of every AWS call through a
 * string builder: 9 % of the estate benchmark's CPU samples at N = 1,000, and none of it the application's.
 */
public final class ProductionLogLevels implements LauncherSessionListener {

    /** Held, because the log manager keeps only weak references to loggers nobody else holds. */
    private static final Logger ROOT = Logger.getLogger("");

    /** The root level of the application (Quarkus's default, {@code quarkus.log.level=INFO}). */
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ROOT.setLevel(Level.INFO);
    }
}
