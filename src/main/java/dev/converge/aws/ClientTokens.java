package dev.converge.aws;

import dev.converge.model.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Idempotency tokens for the create calls that accept one. A token is the same for every attempt at
 * the same create (same environment, resource and request content), in this process or the next, so
 * AWS answers a repeated create with what the first one made instead of a twin: after a timeout whose
 * request did reach AWS, and when a restarted Converge observes before a just-created object is
 * visible (EC2's describes are eventually consistent). Different content gives a different token, so a
 * changed spec never collides with an earlier create. The hex SHA-256 is 64 characters, the shortest
 * limit among the APIs (CreateNatGateway).
 *
 * <p>The content is hashed in a canonical text form: maps by sorted key and sets in sorted order,
 * because the iteration order of {@code Map.copyOf} and {@code Set.of} is salted per JVM, so their
 * plain {@code toString} differs from one process to the next.
 */
public final class ClientTokens {

    private ClientTokens() {}

    /**
     * @param content the parts of the request the token covers: maps and collections (rendered
     *     canonically, recursively) and values whose {@code toString} does not depend on hashing
     */
    public static String of(DriverContext context, ResourceKey key, Object... content) {
        String seed = context.environment().name() + "/" + key + "/" + canonical(List.of(content));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Text that depends only on the content, never on the iteration order of a hashed collection. */
    static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> canonical(e.getKey()) + "=" + canonical(e.getValue()))
                    .sorted()
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Set<?> set) {
            return set.stream().map(ClientTokens::canonical).sorted().collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(ClientTokens::canonical).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }
}
