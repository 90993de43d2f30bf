package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published JSON Schema: current with the model, and agreeing with the loader on real specs. */
class SpecSchemaTest {

    static final Path PUBLISHED = Path.of("docs/converge.schema.json");

    private static final YAMLMapper YAML = new YAMLMapper();
    private final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(read(SpecSchema.json()));

    /** A stale file is rewritten, so the failing build leaves the fix in the working tree to review and commit. */
    @Test
    void thePublishedSchemaIsTheOneTheModelGenerates() throws IOException {
        String generated = SpecSchema.json();
        if (!Files.exists(PUBLISHED) || !Files.readString(PUBLISHED).equals(generated)) {
            Files.writeString(PUBLISHED, generated);
            fail(PUBLISHED + " did not match the model; it has been regenerated: review and commit it");
        }
    }

    @Test
    void everyDocumentOfTheExampleAndGoodSpecsConforms() throws IOException {
        List<Path> specs = new ArrayList<>();
        try (Stream<Path> examples = Files.list(Path.of("specs"))) {
            examples.filter(p -> p.toString().endsWith(".yaml")).forEach(specs::add);
        }
        specs.add(SpecFixtures.GOOD.resolve("prod.yaml"));
        specs.add(SpecFixtures.GOOD.resolve("buckets.yml"));

        for (Path spec : specs) {
            List<JsonNode> documents = documents(spec);
            assertThat(documents).as(spec.toString()).isNotEmpty();
            for (JsonNode document : documents) {
                assertThat(schema.validate(document)).as(spec + ": " + document.path("metadata").path("name")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "environment-without-region.yaml", "vpc-without-cidr.yaml", "subnet-without-zone.yaml", "missing-name.yaml",
        "resource-without-environment.yaml", "security-group-without-vpc.yaml", "route-without-destination.yaml",
        "rule-without-protocol.yaml", "lifecycle-rule-without-id.yaml", "unknown-field.yaml", "unknown-nested-field.yaml",
        "unknown-top-level-field.yaml", "unknown-kind.yaml", "wrong-api-version.yaml", "invalid-mode.yaml", "wrong-type.yaml",
        "delete-fraction-out-of-range.yaml"})
    void aMistakeTheSchemaCanSeeIsFlaggedInTheEditor(String fixture) throws IOException {
        Path spec = SpecFixtures.BROKEN.resolve(fixture);
        assertThat(SpecFixtures.errorsOf(spec)).as("the loader rejects it").isNotEmpty();

        List<Set<ValidationMessage>> problems = documents(spec).stream().map(schema::validate).toList();

        assertThat(problems).as(fixture).anySatisfy(messages -> assertThat(messages).isNotEmpty());
    }

    private static List<JsonNode> documents(Path spec) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.createParser(spec.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            });
        }
        return documents;
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
