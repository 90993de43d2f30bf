package dev.converge.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.model.PolicyDocument;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One statement, found by its Sid, that a resource of Converge owns in another resource's policy (a
 * topic's in a queue's policy, a distribution's in a bucket's). Only this statement is read and written;
 * the rest of the policy is someone else's.
 *
 * @param statement the statement as it must be, its {@code Sid} included
 */
public record OwnedStatement(ObjectNode statement) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2012-10-17";

    /** A new statement of the given Sid and effect Allow, for the caller to complete. */
    public static ObjectNode allow(String sid) {
        return JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
    }

    public String sid() {
        return statement.path("Sid").asText();
    }

    /** Whether the policy holds this statement as it must be (a statement of this Sid that differs does not count). */
    public boolean heldBy(String policy) {
        JsonNode found = find(parse(policy));
        return found != null && canonical(found).equals(canonical(statement));
    }

    /** The policy with this statement in place of any of its Sid, the other statements kept. */
    public String addTo(String policy) {
        ObjectNode document = without(parse(policy));
        ((ArrayNode) document.get("Statement")).add(statement);
        return document.toString();
    }

    /** The policy without a statement of this Sid; "" (no policy) when nothing is left. */
    public String removeFrom(String policy) {
        ObjectNode document = without(parse(policy));
        return document.get("Statement").isEmpty() ? "" : document.toString();
    }

    private ObjectNode without(ObjectNode document) {
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode s : statements(document)) {
            if (!sid().equals(s.path("Sid").asText())) {
                kept.add(s);
            }
        }
        document.set("Statement", kept);
        return document;
    }

    private JsonNode find(ObjectNode document) {
        for (JsonNode s : statements(document)) {
            if (sid().equals(s.path("Sid").asText())) {
                return s;
            }
        }
        return null;
    }

    private static ArrayNode statements(ObjectNode document) {
        JsonNode statements = document.get("Statement");
        if (statements == null) {
            return JSON.createArrayNode();
        }
        return statements.isArray() ? (ArrayNode) statements : JSON.createArrayNode().add(statements);
    }

    private static String canonical(JsonNode statement) {
        ObjectNode document = JSON.createObjectNode().put("Version", VERSION);
        document.putArray("Statement").add(statement);
        return PolicyDocument.text(document);
    }

    private static ObjectNode parse(String policy) {
        if (policy == null || policy.isBlank()) {
            ObjectNode document = JSON.createObjectNode().put("Version", VERSION);
            document.putArray("Statement");
            return document;
        }
        try {
            return (ObjectNode) JSON.readTree(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
