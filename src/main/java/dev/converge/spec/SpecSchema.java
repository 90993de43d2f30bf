package dev.converge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.model.KindSpec;
import dev.converge.model.SpecField;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of spec documents, generated from the records the loader binds, so
 * that it cannot drift from what Converge accepts: one branch per kind, told apart by {@code kind};
 * unknown fields are rejected, as the loader rejects them. Rules only the validator can check
 * (references, overlapping blocks) are left to {@code converge validate}.
 */
public final class SpecSchema {

    public static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    public static final String ID = "https://converge.dev/schemas/v1alpha1/converge.schema.json";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String DEFS = "#/$defs/";

    private final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode defs = JSON.createObjectNode();

    private SpecSchema() {}

    /** The schema as the JSON text published in {@code docs/converge.schema.json}. */
    public static String json() {
        try {
            return JSON.writeValueAsString(new SpecSchema().build()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema could not be written", e);
        }
    }

    private ObjectNode build() {
        root.put("$schema", DRAFT).put("$id", ID)
                .put("title", "Converge spec document")
                .put("description", "One document of a Converge spec (" + SpecLoader.API_VERSION
                        + "): an Environment or a resource of an environment.")
                .put("type", "object");
        ArrayNode kinds = root.putObject("properties").putObject("kind").putArray("enum");
        ArrayNode branches = root.putArray("oneOf");
        root.set("$defs", defs);
        kinds.add(SpecLoader.ENVIRONMENT_KIND);
        branches.addObject().put("$ref", DEFS + document(SpecLoader.ENVIRONMENT_KIND, SpecLoader.EnvironmentSpec.class, false));
        for (Map.Entry<String, Class<? extends KindSpec>> kind : SpecLoader.RESOURCE_KINDS.entrySet()) {
            kinds.add(kind.getKey());
            branches.addObject().put("$ref", DEFS + document(kind.getKey(), kind.getValue(), true));
        }
        return root;
    }

    /** A document of one kind: its header, metadata and the record its spec binds to. */
    private String document(String kind, Class<?> spec, boolean resource) {
        ObjectNode document = defs.putObject(kind);
        document.put("type", "object").put("additionalProperties", false);
        ObjectNode properties = document.putObject("properties");
        properties.putObject("apiVersion").put("const", SpecLoader.API_VERSION);
        properties.putObject("kind").put("const", kind);
        properties.putObject("metadata").put("$ref", DEFS + (resource ? resourceMetadata() : environmentMetadata()));
        properties.putObject("spec").put("$ref", DEFS + record(spec));
        ArrayNode required = document.putArray("required").add("apiVersion").add("kind").add("metadata");
        if (hasRequired(spec)) {
            required.add("spec");
        }
        return kind;
    }

    /** A resource names its environment. */
    private String resourceMetadata() {
        String name = "ResourceMetadata";
        if (!defs.has(name)) {
            ObjectNode metadata = objectSchema(SpecLoader.Metadata.class);
            ((ArrayNode) metadata.get("required")).add("environment");
            defs.set(name, metadata);
        }
        return name;
    }

    /** An Environment is named by its name alone; the loader rejects {@code metadata.environment} there. */
    private String environmentMetadata() {
        String name = "EnvironmentMetadata";
        if (!defs.has(name)) {
            ObjectNode metadata = objectSchema(SpecLoader.Metadata.class);
            ((ObjectNode) metadata.get("properties")).remove("environment");
            defs.set(name, metadata);
        }
        return name;
    }

    /** Defines a record once, by its simple name, and returns that name. */
    private String record(Class<?> type) {
        String name = type.getSimpleName();
        if (!defs.has(name)) {
            // registered before its fields are built, so definitions read top-down: a record before its parts
            ObjectNode schema = defs.putObject(name);
            schema.setAll(objectSchema(type));
        }
        return name;
    }

    private ObjectNode objectSchema(Class<?> type) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object").put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent component : type.getRecordComponents()) {
            String field = fieldName(component);
            SpecField declared = component.getAnnotation(SpecField.class);
            ObjectNode property = valueSchema(component.getGenericType());
            if (declared != null) {
                if (declared.required()) {
                    required.add(field);
                }
                if (declared.values().length > 0) {
                    ArrayNode values = property.putArray("enum");
                    List.of(declared.values()).forEach(values::add);
                }
                if (declared.numberAllowed()) {
                    property.putArray("type").add("string").add("integer");
                }
                if (!Double.isNaN(declared.minimum())) {
                    property.put("minimum", declared.minimum());
                }
                if (!Double.isNaN(declared.maximum())) {
                    property.put("maximum", declared.maximum());
                }
            }
            properties.set(field, declared != null && declared.required() ? property : nullable(property));
        }
        if (required.isEmpty()) {
            schema.remove("required");
        }
        return schema;
    }

    /** The loader reads an optional field written as {@code null} (or left empty) as not declared. */
    private static ObjectNode nullable(ObjectNode property) {
        if (property.has("$ref")) {
            ObjectNode either = JSON.createObjectNode();
            either.putArray("anyOf").add(property).addObject().put("type", "null");
            return either;
        }
        if (property.has("enum")) {
            ((ArrayNode) property.get("enum")).addNull();
        }
        JsonNode type = property.get("type");
        if (type != null && type.isTextual()) {
            property.putArray("type").add(type.asText()).add("null");
        } else if (type != null) {
            ((ArrayNode) type).add("null");
        }
        return property;
    }

    private ObjectNode valueSchema(Type type) {
        ObjectNode schema = JSON.createObjectNode();
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return schema.put("type", "array").set("items", valueSchema(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return schema.put("type", "object").set("additionalProperties", valueSchema(arguments[1]));
            }
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return schema.put("type", "string");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return schema.put("type", "boolean");
        }
        if (raw == Integer.class || raw == int.class) {
            return schema.put("type", "integer");
        }
        if (raw == Double.class || raw == double.class) {
            return schema.put("type", "number");
        }
        if (raw.isEnum()) {
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(JSON.convertValue(constant, String.class));
            }
            return schema;
        }
        if (raw == JsonNode.class) {
            schema.putArray("type").add("object").add("string");
            return schema;
        }
        if (raw.isRecord()) {
            return schema.put("$ref", DEFS + record(raw));
        }
        throw new IllegalStateException("no schema for spec field type " + type);
    }

    private static String fieldName(RecordComponent component) {
        // @JsonProperty cannot target a record component, so Java leaves it on the accessor
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    private static boolean hasRequired(Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            SpecField declared = component.getAnnotation(SpecField.class);
            if (declared != null && declared.required()) {
                return true;
            }
        }
        return false;
    }
}
