package dev.converge.model;

import java.util.Map;

/** Small helpers shared by the kinds' {@code properties()} implementations. */
final class Specs {

    private Specs() {}

    static Map<String, String> tags(Map<String, String> tags) {
        return tags == null ? Map.of() : Map.copyOf(tags);
    }

    static Management management(Management management) {
        return management == null ? Management.DEFAULT : management;
    }
}
