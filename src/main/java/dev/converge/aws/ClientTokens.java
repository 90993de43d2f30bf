package dev.converge.aws;

import dev.converge.model.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency tokens for the create calls that accept one. A token is the same for every attempt at
 * the same create (same environment, resource and request content), in this process or the next, so
 * AWS answers a repeated create with what the first one made instead of a twin: after a timeout whose
 * request did reach AWS, and when a restarted Converge observes before a just-created object is
 * visible (EC2's describes are eventually consistent). Different content gives a different token, so a
 * changed spec never collides with an earlier create. The hex SHA-256 is 64 characters, the shortest
 * limit among the APIs (CreateNatGateway).
 */
public final class ClientTokens {

    private ClientTokens() {}

    public static String of(DriverContext context, ResourceKey key, String requestContent) {
        String seed = context.environment().name() + "/" + key + "/" + requestContent;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
