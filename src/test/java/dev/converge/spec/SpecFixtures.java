package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The spec fixtures under {@code src/test/resources/specs} and assertions on the errors they produce. */
public final class SpecFixtures {

    static final Path GOOD = resource("/specs/good");
    public static final Path BROKEN = resource("/specs/broken");

    private SpecFixtures() {}

    public static List<SpecError> errorsOf(Path spec) {
        return errorsOf(List.of(spec));
    }

    public static List<SpecError> errorsOf(List<Path> spec) {
        return catchThrowableOfType(SpecException.class, () -> SpecLoader.load(spec)).errors();
    }

    /** Asserts that a broken fixture yields exactly one error, at the position given, saying what is given. */
    static void assertSingleError(String fixture, int line, int column, String message) {
        Path file = BROKEN.resolve(fixture);
        List<SpecError> errors = errorsOf(file);

        assertThat(errors).as(errors.toString()).hasSize(1);
        SpecError error = errors.get(0);
        assertThat(error.toString()).startsWith(file + ":" + line + ":" + column + ": ");
        assertThat(error.message()).contains(message);
        assertWrittenForPeople(error.message());
    }

    /** A message for people who write specs: no stack trace, no exception or Java class names. */
    public static void assertWrittenForPeople(String message) {
        assertThat(message).doesNotContain("Exception", "\tat ", "java.", "jackson", "snakeyaml", "dev.converge");
    }

    /**
     * Writes a spec just over the loader's size limit: valid YAML (one environment, then comments), so
     * only its size is wrong. Generated rather than committed.
     */
    public static Path writeHugeSpec(Path directory) throws IOException {
        Path file = directory.resolve("huge.yaml");
        String line = "# padding to exceed the size limit\n";
        Files.writeString(file, "apiVersion: converge.dev/v1alpha1\nkind: Environment\nmetadata: {name: huge}\n"
                + "spec: {region: us-east-1}\n" + line.repeat(SpecLoader.MAX_FILE_BYTES / line.length() + 1));
        return file;
    }

    private static Path resource(String name) {
        try {
            return Path.of(SpecFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
