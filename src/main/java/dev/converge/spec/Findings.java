package dev.converge.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while validating, each located in the document it concerns: errors, which reject
 * the spec, and warnings, about what is likely but not certainly a mistake (AWS may accept it because of
 * something outside the spec).
 */
final class Findings {

    private final List<SpecError> errors = new ArrayList<>();
    private final List<SpecError> warnings = new ArrayList<>();

    /** A problem with a value, e.g. {@code /spec/cidr}; messages start with the field as people write it. */
    void at(DocumentSource source, String pointer, String message) {
        errors.add(source.errorAt(pointer, Binder.displayPointer(pointer) + ": " + message));
    }

    /** A number outside what AWS accepts, when one is given; a {@code max} of {@link Integer#MAX_VALUE} bounds it below only. */
    void range(DocumentSource source, String pointer, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            at(source, pointer, max == Integer.MAX_VALUE ? "must be at least " + min + ", got " + value
                    : "must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Something that may be intended; reported, but the spec is used. */
    void warn(DocumentSource source, String pointer, String message) {
        warnings.add(source.errorAt(pointer, Binder.displayPointer(pointer) + ": " + message));
    }

    /**
     * Reports a required field that is absent, at the key of its nearest declared ancestor.
     *
     * @return whether the value is present
     */
    boolean required(DocumentSource source, String pointer, Object value) {
        if (value == null) {
            errors.add(source.errorAtKey(pointer, Binder.displayPointer(pointer) + " is required"));
        }
        return value != null;
    }

    List<SpecError> sorted() {
        return errors.stream().sorted().toList();
    }

    List<SpecError> sortedWarnings() {
        return warnings.stream().sorted().toList();
    }

    /** Where a document's field is, as {@code file:line:column}, to point from one error to another place. */
    static String where(DocumentSource source, String pointer) {
        DocumentSource.Position at = source.valueAt(pointer);
        return source.file() + ":" + at.line() + ":" + at.column();
    }

    /** The pointer of a spec field named the way {@link dev.converge.model.Reference#field()} names it. */
    static String specPointer(String field) {
        return "/spec/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }
}
