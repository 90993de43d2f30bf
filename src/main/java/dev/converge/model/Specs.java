package dev.converge.model;

import java.util.List;
import java.util.Map;

/** Small helpers shared by the kinds' spec records. */
final class Specs {

    private Specs() {}

    static Map<String, String> tags(Map<String, String> tags) {
        return tags == null ? Map.of() : Map.copyOf(tags);
    }

    static Management management(Management management) {
        return management == null ? Management.DEFAULT : management;
    }

    /** An immutable copy that keeps "not declared" (null) apart from "declared empty". */
    static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /** Adds an ordering reference to each named resource of a list field, located as {@code field[i]}. */
    static void addOrdering(List<Reference> references, String kind, List<String> names, String field) {
        if (names == null) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            references.add(Reference.ordering(kind, names.get(i), field + "[" + i + "]"));
        }
    }
}
