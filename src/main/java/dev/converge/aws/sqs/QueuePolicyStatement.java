package dev.converge.aws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.model.PolicyDocument;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The statement by which one sender may send to a queue, in the queue's access policy: its own Sid, an
 * AWS service as principal ({@code sns.amazonaws.com} for a topic, {@code events.amazonaws.com} for an
 * EventBridge rule), {@code sqs:SendMessage} on the queue, only from the sender's ARN. Only this
 * statement is read and written; the rest of the policy is someone else's (a topic's, the rule's).
 */
public record QueuePolicyStatement(String sid, String service, String sourceArn, String queueArn) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2012-10-17";

    public ObjectNode statement() {
        ObjectNode statement = JSON.createObjectNode()
                .put("Sid", sid())
                .put("Effect", "Allow")
                .put("Action", "sqs:SendMessage")
                .put("Resource", queueArn);
        statement.putObject("Principal").put("Service", service);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", sourceArn);
        return statement;
    }

    /** Whether the policy holds this statement as it must be (a statement of this Sid that differs does not count). */
    public boolean heldBy(String policy) {
        JsonNode found = find(parse(policy));
        return found != null && canonical(found).equals(canonical(statement()));
    }

    /** The policy with this statement in place of any of its Sid, the other statements kept. */
    public String addTo(String policy) {
        ObjectNode document = without(parse(policy));
        ((ArrayNode) document.get("Statement")).add(statement());
        return document.toString();
    }

    /** The policy without a statement of this Sid; "" (no policy) when nothing is left. */
    public String removeFrom(String policy) {
        ObjectNode document = without(parse(policy));
        return document.get("Statement").isEmpty() ? "" : document.toString();
    }

    private ObjectNode without(ObjectNode document) {
        ArrayNode kept = JSON.createArrayNode();
        JsonNode statements = document.get("Statement");
        if (statements != null && statements.isArray()) {
            statements.forEach(s -> {
                if (!sid().equals(s.path("Sid").asText())) {
                    kept.add(s);
                }
            });
        } else if (statements != null && statements.isObject() && !sid().equals(statements.path("Sid").asText())) {
            kept.add(statements);
        }
        document.set("Statement", kept);
        return document;
    }

    private JsonNode find(ObjectNode document) {
        for (JsonNode statement : statements(document)) {
            if (sid().equals(statement.path("Sid").asText())) {
                return statement;
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
