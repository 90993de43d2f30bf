package dev.converge.aws.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.OwnedStatement;

/**
 * The statement by which one sender may send to a queue, in the queue's access policy: its own Sid, an
 * AWS service as principal ({@code sns.amazonaws.com} for a topic, {@code events.amazonaws.com} for an
 * EventBridge rule), {@code sqs:SendMessage} on the queue, only from the sender's ARN. Only this
 * statement is read and written; the rest of the policy is someone else's (a topic's, the rule's).
 */
public record QueuePolicyStatement(String sid, String service, String sourceArn, String queueArn) {

    /** Whether the policy holds this statement as it must be (a statement of this Sid that differs does not count). */
    public boolean heldBy(String policy) {
        return owned().heldBy(policy);
    }

    /** The policy with this statement in place of any of its Sid, the other statements kept. */
    public String addTo(String policy) {
        return owned().addTo(policy);
    }

    /** The policy without a statement of this Sid; "" (no policy) when nothing is left. */
    public String removeFrom(String policy) {
        return owned().removeFrom(policy);
    }

    private OwnedStatement owned() {
        ObjectNode statement = OwnedStatement.allow(sid)
                .put("Action", "sqs:SendMessage")
                .put("Resource", queueArn);
        statement.putObject("Principal").put("Service", service);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", sourceArn);
        return new OwnedStatement(statement);
    }
}
