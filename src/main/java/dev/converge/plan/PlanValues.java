package dev.converge.plan;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Field values as people and JSON readers see them: strings, numbers, booleans, lists and maps.
 * Values whose type defines its own text (a security group rule, {@code tcp 22 0.0.0.0/0}) become
 * that text; other records become maps of their declared components.
 */
public final class PlanValues {

    private PlanValues() {}

    public static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new TreeMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), plain(v)));
            return plain;
        }
        if (value instanceof Collection<?> values) {
            List<Object> plain = new ArrayList<>();
            values.forEach(v -> plain.add(plain(v)));
            return plain;
        }
        if (value instanceof Record record && hasGeneratedText(record)) {
            return components(record);
        }
        return value.toString();
    }

    /** One line of text for a value: lists as {@code [a, b]}, maps as {@code {k: v}}, absent as {@code (none)}. */
    public static String text(Object value) {
        Object plain = plain(value);
        if (plain == null) {
            return "(none)";
        }
        if (plain instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(k + ": " + text(v)));
            return "{" + String.join(", ", entries) + "}";
        }
        if (plain instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(PlanValues::text).toList()) + "]";
        }
        return plain.toString();
    }

    /** A record that keeps Java's generated {@code Name[a=1, b=2]} has no text of its own worth showing. */
    private static boolean hasGeneratedText(Record record) {
        return record.toString().startsWith(record.getClass().getSimpleName() + "[");
    }

    private static Map<String, Object> components(Record record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(record);
                if (value != null) {
                    fields.put(component.getName(), plain(value));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
            }
        }
        return fields;
    }
}
