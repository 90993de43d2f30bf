package dev.converge.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a field map that drops absent (null) values: an absent field is undeclared in a spec and
 * unknown in an observation, and is never compared.
 */
public final class Fields {

    private final Map<String, Object> values = new LinkedHashMap<>();

    public Fields put(String field, Object value) {
        if (value != null) {
            values.put(field, value);
        }
        return this;
    }

    public Map<String, Object> build() {
        return Collections.unmodifiableMap(values);
    }
}
