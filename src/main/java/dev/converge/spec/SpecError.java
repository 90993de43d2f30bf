package dev.converge.spec;

import java.util.Comparator;

/** One problem in a spec, located where an editor can jump to it: 1-based line and column. */
public record SpecError(String file, int line, int column, String message) implements Comparable<SpecError> {

    private static final Comparator<SpecError> ORDER = Comparator.comparing(SpecError::file)
            .thenComparingInt(SpecError::line)
            .thenComparingInt(SpecError::column)
            .thenComparing(SpecError::message);

    /** A problem with a file as a whole (unreadable, not UTF-8 at an unknown place, an empty directory). */
    public static SpecError ofFile(String file, String message) {
        return new SpecError(file, 1, 1, message);
    }

    @Override
    public int compareTo(SpecError other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
