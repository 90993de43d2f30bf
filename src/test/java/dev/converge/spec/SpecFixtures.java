package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The spec fixtures under {@code src/test/resources/specs} and assertions on the errors they produce. */
final class SpecFixtures {

    static final Path GOOD = resource("/specs/good");
    static final Path BROKEN = resource("/specs/broken");

    private SpecFixtures() {}

    static List<SpecError> errorsOf(Path spec) {
        return errorsOf(List.of(spec));
    }

    static List<SpecError> errorsOf(List<Path> spec) {
        return catchThrowableOfType(SpecException.class, () -> SpecLoader.load(spec)).errors();
    }

    /** Asserts that a broken fixture yields exactly one error, at the position given, saying what is given. */
    static void assertSingleError(String fixture, int line, int column, String message) {
        Path file = BROKEN.resolve(fixture);
        List<SpecError> errors = errorsOf(file);

        assertThat(errors).as(errors.toString()).hasSize(1);
        SpecError error = errors.get(0);
        assertThat(error.toString()).startsWith(file + ":" + line + ":" + column + ": ");
        assertThat(error.message()).contains(message)
                .doesNotContain("Exception", "jackson", "snakeyaml", "dev.converge");
    }

    private static Path resource(String name) {
        try {
            return Path.of(SpecFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
