package dev.converge.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks an {@code Authorization} header against the token in the configured token file. */
final class BearerToken {

    enum Verdict {
        ACCEPTED,
        /** No header, another scheme or a wrong token. */
        REJECTED,
        /** No token file is configured: mutating endpoints are off. */
        DISABLED,
        /** A token file is configured but cannot be read or is empty. */
        UNAVAILABLE
    }

    private static final String SCHEME = "Bearer ";

    private BearerToken() {}

    /** The file is read on every call so that a rotated Kubernetes secret takes effect without a restart. */
    static Verdict verify(Optional<Path> tokenFile, String authorization) {
        if (tokenFile.isEmpty()) {
            return Verdict.DISABLED;
        }
        String expected;
        try {
            expected = Files.readString(tokenFile.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Verdict.UNAVAILABLE;
        }
        if (expected.isEmpty()) {
            return Verdict.UNAVAILABLE;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Verdict.REJECTED;
        }
        byte[] presented = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time in the presented token's length, so timing reveals neither the token nor its length.
        return MessageDigest.isEqual(presented, expected.getBytes(StandardCharsets.UTF_8)) ? Verdict.ACCEPTED : Verdict.REJECTED;
    }
}
