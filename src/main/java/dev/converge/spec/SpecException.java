package dev.converge.spec;

import java.util.List;
import java.util.stream.Collectors;

/** The spec cannot be used; carries every problem found, so one edit-and-retry fixes them all. */
public final class SpecException extends RuntimeException {

    private final List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(errors.stream().sorted().map(SpecError::toString).collect(Collectors.joining("\n")));
        this.errors = errors.stream().sorted().toList();
    }

    public List<SpecError> errors() {
        return errors;
    }
}
