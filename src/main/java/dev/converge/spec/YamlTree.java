package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.spec.DocumentSource.Position;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns one composed YAML document into a Jackson tree while recording where each node starts. The
 * YAML 1.2 core schema has already typed plain scalars, so {@code yes} stays a string and {@code 443}
 * is a number; only those core types and plain mappings and sequences are accepted.
 *
 * <p>Aliases are expanded, which is where a "billion laughs" document would explode even with few
 * aliases: expansion is bounded by a node budget and a nesting depth (which also stops recursive
 * aliases).
 */
final class YamlTree {

    static final int MAX_DEPTH = 50;
    static final int MAX_NODES = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String file;
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();
    private int nodes;

    private YamlTree(String file) {
        this.file = file;
    }

    static DocumentSource convert(String file, Node root) throws Located {
        YamlTree tree = new YamlTree(file);
        JsonNode json = tree.convert(root, "", 0);
        return new DocumentSource(file, json, tree.values, tree.keys);
    }

    /** Whether a composed document is empty: a bare {@code ---} or one holding only comments. */
    static boolean isEmpty(Node root) {
        return root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL) && scalar.getValue().isEmpty();
    }

    private JsonNode convert(Node node, String pointer, int depth) throws Located {
        if (depth > MAX_DEPTH) {
            throw invalid(node, "nesting is deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
        }
        if (++nodes > MAX_NODES) {
            throw invalid(node, "document expands to more than " + MAX_NODES + " nodes (too many aliases?)");
        }
        values.put(pointer, position(node.getStartMark()));
        if (node instanceof MappingNode mapping) {
            return mapping(mapping, pointer, depth);
        }
        if (node instanceof SequenceNode sequence) {
            if (!sequence.getTag().equals(Tag.SEQ)) {
                throw unsupportedTag(node);
            }
            ArrayNode array = JSON.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, pointer + "/" + array.size(), depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private ObjectNode mapping(MappingNode mapping, String pointer, int depth) throws Located {
        if (!mapping.getTag().equals(Tag.MAP)) {
            throw unsupportedTag(mapping);
        }
        ObjectNode object = JSON.objectNode();
        for (NodeTuple entry : mapping.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || key.getTag().equals(Tag.NULL)) {
                throw invalid(keyNode, "a mapping key must be a plain string");
            }
            String child = pointer + "/" + DocumentSource.segment(key.getValue());
            if (object.has(key.getValue())) {
                Position first = keys.get(child);
                throw invalid(keyNode, "duplicate key '" + key.getValue() + "' (first at line " + first.line() + ")");
            }
            keys.put(child, position(keyNode.getStartMark()));
            object.set(key.getValue(), convert(entry.getValueNode(), child, depth + 1));
        }
        return object;
    }

    private JsonNode scalar(ScalarNode scalar) throws Located {
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        if (tag.equals(Tag.STR)) {
            return JSON.textNode(text);
        }
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(bool(scalar));
        }
        // The core schema only types well-formed scalars; an explicit !!int or !!float tag can sit on anything.
        try {
            if (tag.equals(Tag.INT)) {
                return integer(text);
            }
            if (tag.equals(Tag.FLOAT)) {
                return JSON.numberNode(floating(text));
            }
        } catch (NumberFormatException e) {
            throw notOfTag(scalar);
        }
        throw unsupportedTag(scalar);
    }

    private boolean bool(ScalarNode scalar) throws Located {
        String text = scalar.getValue().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw notOfTag(scalar);
        }
        return text.equals("true");
    }

    private static JsonNode integer(String text) {
        String digits = text.startsWith("+") ? text.substring(1) : text;
        BigInteger value;
        if (digits.startsWith("0x")) {
            value = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0o")) {
            value = new BigInteger(digits.substring(2), 8);
        } else {
            value = new BigInteger(digits);
        }
        if (value.bitLength() < 32) {
            return JSON.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? JSON.numberNode(value.longValue()) : JSON.numberNode(value);
    }

    private static double floating(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return lower.equals(".nan") ? Double.NaN : Double.parseDouble(text);
    }

    private Located notOfTag(ScalarNode scalar) {
        return invalid(scalar, "'" + scalar.getValue() + "' is not a valid " + shown(scalar.getTag()));
    }

    private Located unsupportedTag(Node node) {
        return invalid(node, "unsupported YAML tag " + shown(node.getTag()) + "; specs use plain mappings, lists and scalars");
    }

    /** A standard tag the way people write it: {@code !!int}. */
    private static String shown(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private Located invalid(Node node, String message) {
        Position at = position(node.getStartMark());
        return new Located(new SpecError(file, at.line(), at.column(), message));
    }

    static Position position(Optional<Mark> mark) {
        return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(new Position(1, 1));
    }
}
