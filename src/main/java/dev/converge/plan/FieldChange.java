package dev.converge.plan;

import dev.converge.model.Sensitive;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * One field that differs: its value in AWS and the value the spec declares. {@code before} is null on create.
 *
 * @param sensitive the kind marks the field as one that may hold secrets: everything people see of it
 *     (plans, the audit log, the status API) goes through {@link #shownBefore()} and {@link #shownAfter()}
 */
public record FieldChange(String field, Object before, Object after, boolean sensitive) {

    public FieldChange(String field, Object before, Object after) {
        this(field, before, after, false);
    }

    /** This change, marked sensitive when its field is one of {@code sensitiveFields}. */
    FieldChange marked(Set<String> sensitiveFields) {
        return sensitive || !sensitiveFields.contains(field) ? this : new FieldChange(field, before, after, true);
    }

    /** The value in AWS as people may see it: a digest for a sensitive field. */
    public Object shownBefore() {
        return sensitive ? Sensitive.digest(before) : before;
    }

    /** The declared value as people may see it: a digest for a sensitive field. */
    public Object shownAfter() {
        return sensitive ? Sensitive.digest(after) : after;
    }

    /** For set-valued fields: the elements the spec wants and AWS lacks. */
    public Set<Object> added() {
        return difference(after, before);
    }

    /** For set-valued fields: the elements AWS has and the spec does not want. */
    public Set<Object> removed() {
        return difference(before, after);
    }

    private static Set<Object> difference(Object from, Object minus) {
        Set<Object> result = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        if (from instanceof Collection<?> values) {
            result.addAll(values);
        }
        if (minus instanceof Collection<?> values) {
            result.removeAll(values);
        }
        return result;
    }

    /** What the audit log records of the change. */
    @Override
    public String toString() {
        return field + ": " + shownBefore() + " -> " + shownAfter();
    }
}
