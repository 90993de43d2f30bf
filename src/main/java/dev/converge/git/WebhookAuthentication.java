package dev.converge.git;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a webhook call knows the shared secret: GitHub's {@code X-Hub-Signature-256: sha256=<HMAC of
 * the body>}, or {@code Authorization: Bearer <secret>} for senders that cannot sign. Comparisons take
 * the same time wherever the first wrong byte is; an empty secret accepts nothing.
 */
final class WebhookAuthentication {

    private static final String SIGNATURE_PREFIX = "sha256=";
    private static final String BEARER_PREFIX = "Bearer ";

    private WebhookAuthentication() {}

    static boolean accepts(String secret, byte[] body, String signature, String authorization) {
        if (secret.isEmpty()) {
            return false;
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (signature != null && signature.startsWith(SIGNATURE_PREFIX)) {
            String expected = HexFormat.of().formatHex(hmac(key, body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.substring(SIGNATURE_PREFIX.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        }
        if (authorization != null && authorization.startsWith(BEARER_PREFIX)) {
            // Digests of equal length, so not even the secret's length shows in the timing.
            return MessageDigest.isEqual(sha256(key), sha256(authorization.substring(BEARER_PREFIX.length()).strip()
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return false;
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
