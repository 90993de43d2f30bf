package dev.converge.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fields that may hold secrets, and how they are shown: {@code sha256:} and the first 12 hex digits of
 * the SHA-256 of the value's text, enough to see that a value changed and to check it against a local
 * file ({@code printf %s "$text" | sha256sum}), never enough to read it.
 */
public final class Sensitive {

    private static final ClassValue<Set<String>> FIELDS = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> fields = new TreeSet<>();
            if (type.isRecord()) {
                for (var component : type.getRecordComponents()) {
                    SpecField field = component.getAnnotation(SpecField.class);
                    if (field != null && field.sensitive()) {
                        fields.add(component.getName());
                    }
                }
            }
            return Set.copyOf(fields);
        }
    };

    private Sensitive() {}

    /** The components of a spec record marked {@code @SpecField(sensitive = true)}. */
    public static Set<String> fieldsOf(Class<?> spec) {
        return FIELDS.get(spec);
    }

    /** The digest of a value's text; absent stays absent. */
    public static String digest(Object value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
