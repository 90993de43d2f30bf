package dev.converge.plan;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** One field that differs: its value in AWS and the value the spec declares. {@code before} is null on create. */
public record FieldChange(String field, Object before, Object after) {

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

    @Override
    public String toString() {
        return field + ": " + before + " -> " + after;
    }
}
