package dev.converge.model;

/**
 * A by-name reference from one resource to another.
 *
 * @param target the referenced resource
 * @param field the spec field that holds the reference, for error messages
 * @param ordering whether the target must exist before the referring resource can be created; security
 *     group peers are not ordering references, because two groups may legitimately allow each other
 */
public record Reference(ResourceKey target, String field, boolean ordering) {

    public static Reference ordering(String kind, String name, String field) {
        return new Reference(ResourceKey.of(kind, name), field, true);
    }

    public static Reference peer(String kind, String name, String field) {
        return new Reference(ResourceKey.of(kind, name), field, false);
    }
}
