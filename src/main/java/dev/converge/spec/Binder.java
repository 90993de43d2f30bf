package dev.converge.spec;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.StdConverter;
import dev.converge.model.Acknowledgement;
import dev.converge.model.ApprovalPolicy;
import dev.converge.model.Management;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds parts of a document to records, strictly: unknown fields, nulls for primitives and scalar
 * coercions are errors, except that a number may stand where a string is declared (so both
 * {@code ports: 443} and {@code ports: "8080-8081"} work). Jackson's failures are rephrased for
 * people and located through the path of the failing value.
 */
final class Binder {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfigDefaults(c -> c
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            // The records copy their lists and maps with List.copyOf and Map.copyOf, which reject nulls.
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .addModule(new SimpleModule().addDeserializer(Management.class,
                    new StdDelegatingDeserializer<>(new StdConverter<ManagementSpec, Management>() {
                        @Override
                        public Management convert(ManagementSpec spec) {
                            return spec.toManagement();
                        }
                    })))
            .build();

    /**
     * {@link Management} as written. Management's {@code allowReplacement} is a primitive, which with
     * FAIL_ON_NULL_FOR_PRIMITIVES Jackson would demand in every {@code management} block; binding
     * through this record keeps it optional.
     */
    record ManagementSpec(Boolean prune, Boolean allowReplacement, List<String> ignoreChanges, ApprovalPolicy approval,
            List<Acknowledgement> acknowledge, String adopt) {
        Management toManagement() {
            return new Management(prune, Boolean.TRUE.equals(allowReplacement), ignoreChanges, approval, acknowledge, adopt);
        }
    }

    /** An absent section binds like an empty one, so its required fields are reported one by one. */
    private static final JsonNode EMPTY = MAPPER.createObjectNode();

    private Binder() {}

    /**
     * Binds the value at {@code pointer} of a document.
     *
     * @param what how people call that part, for messages ("Vpc spec"); empty for the whole document
     */
    static <T> T bind(DocumentSource document, String pointer, Class<T> type, String what) throws Located {
        JsonNode node = document.tree().at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            node = EMPTY;
        }
        try {
            return MAPPER.readerFor(type).readValue(node);
        } catch (JsonMappingException e) {
            String at = pointer + pointerOf(e.getPath());
            if (e instanceof UnrecognizedPropertyException unknown) {
                throw new Located(document.errorAtKey(at, unknownField(unknown, what)));
            }
            throw new Located(document.errorAt(at, mismatch(e, document.tree().at(at), at)));
        } catch (IOException e) {
            throw new Located(document.errorAt(pointer, e.getMessage()));
        }
    }

    private static String unknownField(UnrecognizedPropertyException e, String what) {
        List<JsonMappingException.Reference> path = e.getPath();
        String container = display(path.subList(0, Math.max(0, path.size() - 1)));
        String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(Object::toString)
                .sorted()
                .collect(Collectors.joining(", ", " (expected one of: ", ")"));
        String where = (what + container).replaceFirst("^\\.", "");
        return "unknown field '" + e.getPropertyName() + "' in " + (where.isEmpty() ? "the document" : where) + known;
    }

    private static String mismatch(JsonMappingException e, JsonNode value, String pointer) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType()
                : e instanceof ValueInstantiationException v && v.getType().isEnumType() ? v.getType().getRawClass()
                : null;
        String field = pointer.isEmpty() ? "" : displayPointer(pointer) + ": ";
        if (target == null) {
            return field + (e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage());
        }
        return field + "expected " + expected(target) + ", got " + describe(value);
    }

    private static String expected(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ", "one of ", ""));
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping" : "a " + type.getSimpleName();
    }

    private static String describe(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.isArray() ? "a list" : value.asText();
    }

    private static String pointerOf(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/').append(reference.getFieldName() != null
                    ? DocumentSource.segment(reference.getFieldName())
                    : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static String display(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            text.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return text.toString();
    }

    /** {@code /spec/ingress/0/ports} as people read it: {@code spec.ingress[0].ports}. */
    static String displayPointer(String pointer) {
        StringBuilder text = new StringBuilder();
        for (String segment : pointer.substring(1).split("/")) {
            String key = segment.replace("~1", "/").replace("~0", "~");
            text.append(key.chars().allMatch(Character::isDigit) && !key.isEmpty() ? "[" + key + "]" : "." + key);
        }
        return text.substring(1);
    }
}
