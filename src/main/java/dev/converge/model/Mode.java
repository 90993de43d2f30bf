package dev.converge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a pass may do in an environment: converge drift, or only report it. */
public enum Mode {
    ENFORCE,
    OBSERVE;

    @JsonCreator
    public static Mode parse(String value) {
        return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
