package dev.converge.model;

/** Identity of a declared resource inside one environment: its kind and its spec name. */
public record ResourceKey(String kind, String name) implements Comparable<ResourceKey> {

    public static ResourceKey of(String kind, String name) {
        return new ResourceKey(kind, name);
    }

    /** Parses the {@code <kind>/<name>} form used in the {@code converge:resource} tag. */
    public static ResourceKey parse(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new IllegalArgumentException("not a resource key: " + value);
        }
        return new ResourceKey(value.substring(0, slash), value.substring(slash + 1));
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
