package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where one YAML document came from: its file, its tree and the position of every node in it, keyed by JSON
 * pointer ({@code /spec/ingress/0/from/cidr}). Keys are recorded separately from values so that a
 * problem with a field itself (unknown, duplicated) points at its key and a problem with its value
 * points at the value.
 */
public record DocumentSource(String file, JsonNode tree, Map<String, Position> values, Map<String, Position> keys) {

    /** A 1-based line and column. */
    public record Position(int line, int column) {}

    public DocumentSource {
        values = Map.copyOf(values);
        keys = Map.copyOf(keys);
    }

    public boolean declares(String pointer) {
        return values.containsKey(pointer);
    }

    /** The position of the value at the pointer, or of its nearest declared ancestor. */
    public Position valueAt(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            Position position = values.get(p);
            if (position != null || p.isEmpty()) {
                return position == null ? new Position(1, 1) : position;
            }
        }
    }

    /** The position of the key that holds the pointer's value, or of the nearest declared ancestor's key. */
    public Position keyAt(String pointer) {
        for (String p = pointer; !p.isEmpty(); p = parent(p)) {
            Position position = keys.get(p);
            if (position != null) {
                return position;
            }
            if (values.containsKey(p)) {
                return values.get(p);
            }
        }
        return valueAt("");
    }

    public SpecError errorAt(String pointer, String message) {
        return error(valueAt(pointer), message);
    }

    public SpecError errorAtKey(String pointer, String message) {
        return error(keyAt(pointer), message);
    }

    private SpecError error(Position position, String message) {
        return new SpecError(file, position.line(), position.column(), message);
    }

    private static String parent(String pointer) {
        return pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
    }

    /** Escapes a mapping key for use as one JSON pointer segment (RFC 6901). */
    static String segment(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
