package dev.converge.lease;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of Lease objects, of the approvals ConfigMap, and label values, which Kubernetes restricts
 * (DNS-1123). A name that had to be changed to fit gets a hash of the original, so two environments never
 * share a lease.
 */
public final class LeaseNames {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private LeaseNames() {}

    static String environment(String controller, String environment) {
        return fit(controller + "-" + environment, MAX_NAME);
    }

    /** The ConfigMap that holds the controller's approvals. */
    public static String approvals(String controller) {
        return fit(controller + "-approvals", MAX_NAME);
    }

    static String member(String controller, String identity) {
        return fit(controller + "-member-" + identity, MAX_NAME);
    }

    public static String label(String value) {
        return fit(value, MAX_LABEL);
    }

    /** Lower-case alphanumerics and '-', starting and ending alphanumeric, at most {@code max} characters. */
    static String fit(String raw, int max) {
        String cleaned = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (cleaned.equals(raw) && cleaned.length() <= max) {
            return cleaned;
        }
        String hash = hash(raw);
        String head = cleaned.substring(0, Math.min(cleaned.length(), max - hash.length() - 1)).replaceAll("-+$", "");
        return head.isEmpty() ? hash : head + "-" + hash;
    }

    private static String hash(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
