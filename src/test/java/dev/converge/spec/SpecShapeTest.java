package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shape of input yields located errors, never another exception: each field of the example specs,
 * and each field the schema declares that they leave out, is given in turn every shape a YAML value can
 * have (scalars of each type, lists, mappings, null, empty and nested ones), at every depth, in every
 * kind. The mutations are enumerated rather than sampled, so a crash found once is found on every run.
 */
class SpecShapeTest {

    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path EXAMPLES = Path.of("specs");
    private static final Path SCHEMA = Path.of("docs/converge.schema.json");

    /** A value in every shape, from scalars to nested collections. */
    static List<JsonNode> shapes() {
        ObjectNode mapping = NODES.objectNode().put("name", "x");
        ObjectNode nested = NODES.objectNode();
        nested.putArray("list").add("x").add(NODES.objectNode()).add(NODES.arrayNode().add(7));
        nested.putObject("mapping").putNull("x");
        return List.of(
                NODES.textNode(""),
                NODES.numberNode(-1),
                NODES.numberNode(1.5),
                NODES.numberNode(Long.MAX_VALUE),
                NODES.booleanNode(true),
                NODES.nullNode(),
                NODES.arrayNode(),
                NODES.arrayNode().add("text").addNull(),
                NODES.arrayNode().add(mapping.deepCopy()),
                NODES.objectNode(),
                mapping,
                nested);
    }

    /** One edit: in document {@code document} of an example, the value at {@code pointer} becomes {@code value}. */
    record Mutation(Example example, int document, String pointer, JsonNode value) {
        @Override
        public String toString() {
            return example.path() + " document " + document + " " + pointer + " := " + value;
        }
    }

    /** An example spec's documents, parsed and written back once, so that a mutation rewrites only its own. */
    record Example(Path path, List<JsonNode> documents, List<String> texts) {
        static Example of(Path path) throws IOException {
            List<JsonNode> documents = new ArrayList<>();
            try (var values = YAML.readerFor(JsonNode.class).readValues(path.toFile())) {
                while (values.hasNext()) {
                    documents.add((JsonNode) values.next());
                }
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode document : documents) {
                texts.add(YAML.writeValueAsString(document));
            }
            return new Example(path, documents, texts);
        }
    }

    @Test
    void everyFieldGivenEveryShape_loadsOrFailsWithLocatedErrors(@TempDir Path directory) throws IOException {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        List<Mutation> mutations = new ArrayList<>();
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Path path : examples()) {
            Example example = Example.of(path);
            List<JsonNode> documents = example.documents();
            for (int d = 0; d < documents.size(); d++) {
                JsonNode document = documents.get(d);
                String kind = document.path("kind").asText();
                kinds.add(kind);
                for (String pointer : sites(document, schemaOf(schema, kind), schema, "")) {
                    // One site per kind and path shape: twelve subnets differ in values, not in structure.
                    if (seen.add(kind + pointer.replaceAll("/\\d+", "/*"))) {
                        for (JsonNode value : shapes()) {
                            mutations.add(new Mutation(example, d, pointer, value));
                        }
                    }
                }
            }
        }
        assertThat(kinds).containsAll(SpecLoader.RESOURCE_KINDS.keySet()).contains(SpecLoader.ENVIRONMENT_KIND);

        List<String> failures = new ArrayList<>();
        Path file = directory.resolve("spec.yaml");
        for (Mutation mutation : mutations) {
            Files.writeString(file, mutated(mutation));
            String failure = failure(file, mutation);
            if (failure != null) {
                failures.add(failure);
            }
        }
        System.out.println("shape mutations tried: " + mutations.size());
        assertThat(failures).as("%d of %d mutations", failures.size(), mutations.size()).isEmpty();
    }

    private static String failure(Path file, Mutation mutation) {
        try {
            SpecLoader.load(file);
            return null;
        } catch (SpecException e) {
            for (SpecError error : e.errors()) {
                if (!error.file().equals(file.toString()) || error.line() < 1 || error.column() < 1) {
                    return mutation + ": unlocated " + error;
                }
                try {
                    SpecFixtures.assertWrittenForPeople(error.message());
                } catch (AssertionError notForPeople) {
                    return mutation + ": " + error;
                }
            }
            return e.errors().isEmpty() ? mutation + ": no errors" : null;
        } catch (RuntimeException e) {
            return mutation + ": " + e;
        }
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static String mutated(Mutation mutation) throws IOException {
        JsonNode document = mutation.example().documents().get(mutation.document()).deepCopy();
        int slash = mutation.pointer().lastIndexOf('/');
        JsonNode parent = document.at(mutation.pointer().substring(0, slash));
        String last = mutation.pointer().substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            object.set(last, mutation.value().deepCopy());
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), mutation.value().deepCopy());
        }
        List<String> texts = new ArrayList<>(mutation.example().texts());
        texts.set(mutation.document(), YAML.writeValueAsString(document));
        return "---\n" + String.join("---\n", texts);
    }

    /**
     * Every value's pointer in a document, and the pointers of the fields its schema declares that the
     * document leaves out, so every field of every kind is reached even if no example writes it.
     */
    private static List<String> sites(JsonNode node, JsonNode schemaNode, JsonNode schema, String pointer) {
        List<String> sites = new ArrayList<>();
        JsonNode resolved = resolve(schemaNode, schema);
        if (node.isObject()) {
            Map<String, JsonNode> declared = new LinkedHashMap<>();
            resolved.path("properties").fields().forEachRemaining(e -> declared.put(e.getKey(), e.getValue()));
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                sites.add(child);
                JsonNode childSchema = declared.containsKey(field.getKey())
                        ? declared.get(field.getKey())
                        : resolved.path("additionalProperties");
                sites.addAll(sites(field.getValue(), childSchema, schema, child));
            }
            declared.keySet().stream().filter(name -> !node.has(name)).forEach(name -> sites.add(pointer + "/" + name));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = pointer + "/" + i;
                sites.add(child);
                sites.addAll(sites(node.get(i), resolved.path("items"), schema, child));
            }
        }
        return sites;
    }

    private static JsonNode schemaOf(JsonNode schema, String kind) {
        return schema.path("$defs").path(kind);
    }

    /** Follows {@code $ref}s, and into the object branch of an {@code anyOf} or {@code oneOf}. */
    private static JsonNode resolve(JsonNode node, JsonNode schema) {
        JsonNode current = node;
        for (int depth = 0; depth < 10; depth++) {
            if (current.has("$ref")) {
                current = schema.at(current.get("$ref").asText().substring(1));
            } else if (current.has("anyOf") || current.has("oneOf")) {
                JsonNode branches = current.has("anyOf") ? current.get("anyOf") : current.get("oneOf");
                JsonNode next = NODES.objectNode();
                for (JsonNode branch : branches) {
                    if (!branch.path("type").asText().equals("null")) {
                        next = branch;
                    }
                }
                current = next;
            } else {
                return current;
            }
        }
        return current;
    }
}
