package dev.converge.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret as Kubernetes mounts it: one file, maybe with a trailing newline that is no part of the secret. */
final class SecretFile {

    private SecretFile() {}

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
