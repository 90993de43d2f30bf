package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a spec file holds, loading it either yields a desired state or a {@link SpecException} whose
 * errors point into that file; never another exception, never a stack trace in a message.
 */
class SpecLoaderPropertyTest {

    private static final String GOOD_SPEC = read(SpecFixtures.GOOD.resolve("prod.yaml"))
            + "---\n" + read(SpecFixtures.GOOD.resolve("buckets.yml"));

    @Property(tries = 300)
    void anyText_loadsOrFailsWithLocatedErrors(@ForAll String text) {
        assertLoadsOrFailsLocated(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void anyBytes_loadOrFailWithLocatedErrors(@ForAll byte[] bytes) {
        assertLoadsOrFailsLocated(bytes);
    }

    @Property(tries = 300)
    void yamlLookingText_loadsOrFailsWithLocatedErrors(@ForAll("yamlish") String text) {
        assertLoadsOrFailsLocated(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void mutatedGoodSpec_loadsOrFailsWithLocatedErrors(@ForAll("mutations") List<Mutation> mutations) {
        String text = GOOD_SPEC;
        for (Mutation mutation : mutations) {
            text = mutation.apply(text);
        }
        assertLoadsOrFailsLocated(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Text made of YAML's structural characters, which reaches far more parser paths than random text. */
    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> tokens = Arbitraries.of("\n", " ", "  ", "\t", "-", "- ", ":", ": ", "{", "}", "[", "]", ",",
                "&a ", "*a", "!!str ", "!!int ", "!!float ", "!!bool ", "!!binary ", "!foo ", "? ", "|", ">", "'", "\"",
                "#", "%YAML 1.2\n", "---\n", "...\n", "~", "null", "true", "0x1F", "1e9", ".inf", "443", "10.0.0.0/16",
                "apiVersion: converge.dev/v1alpha1\n", "kind: Vpc\n", "kind: Environment\n",
                "metadata: {name: prod, environment: prod}\n", "spec:", "cidr", "tags", "ingress", "\\", "\u00e9", "\u0000");
        return tokens.list().ofMaxSize(60).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(MutationKind.values()), position, position,
                Arbitraries.chars().with(' ', '\t', '\n', ':', '-', '{', '}', '[', ']', '"', '\'', '&', '*', '#', 'x', '0'))
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    enum MutationKind { DELETE_LINE, DUPLICATE_LINE, SWAP_CHARACTERS, INSERT_CHARACTER }

    /** One edit of a text, at places chosen modulo its length so that every generated edit applies. */
    record Mutation(MutationKind kind, int first, int second, char character) {

        String apply(String text) {
            if (text.isEmpty()) {
                return String.valueOf(character);
            }
            return switch (kind) {
                case DELETE_LINE, DUPLICATE_LINE -> lines(text);
                case SWAP_CHARACTERS -> {
                    char[] chars = text.toCharArray();
                    int i = first % chars.length;
                    int j = second % chars.length;
                    char c = chars[i];
                    chars[i] = chars[j];
                    chars[j] = c;
                    yield new String(chars);
                }
                case INSERT_CHARACTER -> {
                    int i = first % (text.length() + 1);
                    yield text.substring(0, i) + character + text.substring(i);
                }
            };
        }

        private String lines(String text) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int i = first % lines.size();
            if (kind == MutationKind.DELETE_LINE) {
                lines.remove(i);
            } else {
                lines.add(i, lines.get(i));
            }
            return String.join("\n", lines);
        }
    }

    private static void assertLoadsOrFailsLocated(byte[] content) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("spec-property");
            Path file = directory.resolve("spec.yaml");
            Files.write(file, content);

            Throwable thrown = catchThrowable(() -> SpecLoader.load(file));

            if (thrown != null) {
                assertThat(thrown).isInstanceOf(SpecException.class);
                List<SpecError> errors = ((SpecException) thrown).errors();
                assertThat(errors).isNotEmpty().allSatisfy(error -> {
                    assertThat(error.file()).isEqualTo(file.toString());
                    assertThat(error.line()).isPositive();
                    assertThat(error.column()).isPositive();
                    SpecFixtures.assertWrittenForPeople(error.message());
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(directory.resolve("spec.yaml"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
