package dev.converge.aws.ssm;

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
 * Reads a SecureString's value from where its spec says it comes from, at the moment it is compared or
 * written, and compares values by their SHA-256 digests. Nothing read here is kept, logged or put in an
 * exception message: a failure names the source, never what it holds.
 */
final class SecretSources {

    private final UnaryOperator<String> environment;

    /** @param environment the controller's environment variables by name ({@code System::getenv}) */
    SecretSources(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The value the source holds; empty when the file is missing or the variable unset. */
    Optional<String> read(SecretSource source) {
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

    /** The value the source holds, or a failure that names the parameter and its source. */
    String require(String parameter, SecretSource source) {
        return read(source).orElseThrow(() -> new IllegalStateException(absent(parameter, source)));
    }

    static String absent(String parameter, SecretSource source) {
        return "the value of " + parameter + " comes from " + (source.file() != null
                ? "the file " + source.file() + ", which does not exist"
                : "the environment variable " + source.env() + ", which is not set")
                + "; the parameter is left as it is until the source is there";
    }

    /** Whether two values are the same, compared by digest so neither is held longer than the call. */
    static boolean sameDigest(String live, String declared) {
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
