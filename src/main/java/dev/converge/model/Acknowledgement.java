package dev.converge.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Known drift a person has accepted for a while ({@code management.acknowledge}): a difference in these
 * fields is reported as acknowledged, neither corrected nor counted as drift, through the {@code until}
 * day (UTC); from the day after, it is drift again.
 *
 * @param until the last day the acknowledgement holds, {@code YYYY-MM-DD}
 */
public record Acknowledgement(
        @SpecField(required = true) List<String> fields,
        @SpecField(required = true) String reason,
        @SpecField(required = true) String until) {

    public Acknowledgement {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** The {@code until} day; empty when it is not a date (validation rejects that). */
    public Optional<LocalDate> untilDay() {
        try {
            return until == null ? Optional.empty() : Optional.of(LocalDate.parse(until));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether it holds on the given day (UTC). */
    public boolean holdsOn(LocalDate day) {
        return untilDay().map(last -> !day.isAfter(last)).orElse(false);
    }
}
