package dev.converge.aws;

import dev.converge.model.ParameterSpec.SecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads a secret (a SecureString parameter's value, a function's secret environment variable) from where
 * its spec says it comes from, at the moment it is compared or
 * written, and compares values by their SHA-256 digests. Nothing read here is kept, logged or put in an
 * exception message: a failure names the source, never what it holds.
 */
public final class SecretSources {

    private final UnaryOperator<String> environment;

    /** @param environment the controller's environment variables by name ({@code System::getenv}) */
    public SecretSources(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The value the source holds; empty when the file is missing or the variable unset. */
    public Optional<String> read(SecretSource source) {
        if (source.env() != null) {
            return Optional.ofNullable(environment.apply(source.env()));
        }
        try {
            return Optional.of(Files.readString(Path.of(source.file()), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the file " + source.file() + ": " + e.getClass().getSimpleName());
        }
    }

    /** The value the source holds, or a failure that names what it is for and its source. */
    public String require(String secret, SecretSource source) {
        return read(source).orElseThrow(() -> new IllegalStateException(absent(secret, source)));
    }

    /** @param secret what the value is, such as {@code Parameter/db-password} or {@code Function/resize's secret API_KEY} */
    public static String absent(String secret, SecretSource source) {
        return "the value of " + secret + " comes from " + (source.file() != null
                ? "the file " + source.file() + ", which does not exist"
                : "the environment variable " + source.env() + ", which is not set")
                + "; it is left as it is until the source is there";
    }

    /** Whether two values are the same, compared by digest so neither is held longer than the call. */
    public static boolean sameDigest(String live, String declared) {
        return MessageDigest.isEqual(sha256(live), sha256(declared));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
