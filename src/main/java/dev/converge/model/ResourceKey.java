package dev.converge.model;

import java.util.Optional;

/** Identity of a declared resource inside one environment: its kind and its spec name. */
public record ResourceKey(String kind, String name) implements Comparable<ResourceKey> {

    public static ResourceKey of(String kind, String name) {
        return new ResourceKey(kind, name);
    }

    /** Parses the {@code <kind>/<name>} form used in the {@code converge:resource} tag and in references. */
    public static ResourceKey parse(String value) {
        return tryParse(value).orElseThrow(() -> new IllegalArgumentException("not a resource key: " + value));
    }

    /** The key a {@code <kind>/<name>} text names; empty for anything else (null, no kind, no name). */
    public static Optional<ResourceKey> tryParse(String value) {
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ResourceKey(value.substring(0, slash), value.substring(slash + 1)));
    }

    @Override
    public int compareTo(ResourceKey other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
