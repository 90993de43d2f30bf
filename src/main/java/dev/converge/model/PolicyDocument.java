package dev.converge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM policy document in the one form in which two documents that mean the same compare equal. AWS
 * stores a bucket policy in its own spelling: it adds the default {@code Version}, writes an account
 * principal ({@code "123456789012"}) as its root ARN, and may write a one-element list as a plain
 * string or the other way round. Both the spec's document and the one read back are brought to this
 * form, so neither spelling is drift.
 *
 * <p>The form: {@code Version} always present ({@code 2008-10-17} when absent, as IAM reads a document
 * without one); {@code Statement} always a list, in document order (order is kept, it is how people
 * read them); within a statement, the set-valued elements ({@code Action}, {@code NotAction},
 * {@code Resource}, {@code NotResource}, each principal type, each condition key) always sorted lists;
 * principals {@code {"AWS": "*"}} as {@code "*"}; account principals as the bare account id, which
 * AWS accepts and which does not depend on the partition of the root ARN it reads back.
 */
public final class PolicyDocument {

    static final String DEFAULT_VERSION = "2008-10-17";
    private static final Set<String> SET_VALUED = Set.of("Action", "NotAction", "Resource", "NotResource");
    private static final Set<String> PRINCIPALS = Set.of("Principal", "NotPrincipal");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):root");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private PolicyDocument() {}

    /**
     * A policy document in one canonical JSON text, whether it came from YAML, JSON text or AWS: the
     * canonical form with its keys sorted. Two documents that mean the same have the same text.
     */
    public static String text(JsonNode policy) {
        try {
            JsonNode document = policy.isTextual() ? CANONICAL_JSON.readTree(policy.asText()) : policy;
            Object plain = CANONICAL_JSON.treeToValue(canonical(document), Object.class);
            return CANONICAL_JSON.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policy is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String text(String json) {
        return text(JSON.textNode(json));
    }

    public static JsonNode canonical(JsonNode document) {
        if (!document.isObject()) {
            return document;
        }
        ObjectNode result = sortedCopy((ObjectNode) document);
        if (!result.has("Version")) {
            result.put("Version", DEFAULT_VERSION);
        }
        JsonNode statements = result.get("Statement");
        if (statements != null) {
            ArrayNode list = JSON.arrayNode();
            listOf(statements).forEach(statement -> list.add(statement(statement)));
            result.set("Statement", list);
        }
        return result;
    }

    private static JsonNode statement(JsonNode statement) {
        if (!statement.isObject()) {
            return statement;
        }
        ObjectNode result = sortedCopy((ObjectNode) statement);
        for (String field : fieldNames(result)) {
            JsonNode value = result.get(field);
            if (SET_VALUED.contains(field)) {
                result.set(field, sortedList(listOf(value)));
            } else if (PRINCIPALS.contains(field)) {
                result.set(field, principal(value));
            } else if (field.equals("Condition") && value.isObject()) {
                result.set(field, condition((ObjectNode) value));
            }
        }
        return result;
    }

    private static JsonNode principal(JsonNode principal) {
        if (!principal.isObject()) {
            return principal;
        }
        if (principal.size() == 1 && principal.has("AWS") && listOf(principal.get("AWS")).equals(List.of(JSON.textNode("*")))) {
            return JSON.textNode("*");
        }
        ObjectNode result = sortedCopy((ObjectNode) principal);
        for (String type : fieldNames(result)) {
            List<JsonNode> values = new ArrayList<>();
            for (JsonNode value : listOf(result.get(type))) {
                values.add(type.equals("AWS") ? account(value) : value);
            }
            result.set(type, sortedList(values));
        }
        return result;
    }

    private static JsonNode account(JsonNode value) {
        Matcher root = ROOT_ARN.matcher(value.asText());
        return value.isTextual() && root.matches() ? JSON.textNode(root.group(1)) : value;
    }

    private static JsonNode condition(ObjectNode condition) {
        ObjectNode result = sortedCopy(condition);
        for (String operator : fieldNames(result)) {
            JsonNode keys = result.get(operator);
            if (keys.isObject()) {
                ObjectNode sortedKeys = sortedCopy((ObjectNode) keys);
                for (String key : fieldNames(sortedKeys)) {
                    sortedKeys.set(key, sortedList(listOf(sortedKeys.get(key))));
                }
                result.set(operator, sortedKeys);
            }
        }
        return result;
    }

    private static List<JsonNode> listOf(JsonNode value) {
        List<JsonNode> list = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(list::add);
        } else {
            list.add(value);
        }
        return list;
    }

    private static ArrayNode sortedList(List<JsonNode> values) {
        ArrayNode list = JSON.arrayNode();
        values.stream().sorted(Comparator.comparing(JsonNode::toString)).distinct().forEach(list::add);
        return list;
    }

    private static ObjectNode sortedCopy(ObjectNode object) {
        Map<String, JsonNode> fields = new TreeMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        ObjectNode copy = JSON.objectNode();
        fields.forEach(copy::set);
        return copy;
    }

    /** A copy of the names, so that the loop may replace values. */
    private static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
