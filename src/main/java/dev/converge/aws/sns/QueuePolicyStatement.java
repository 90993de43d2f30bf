package dev.converge.aws.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.OwnedStatement;
import dev.converge.model.TopicSpec;

/**
 * The statement by which a topic may send to a queue, in the queue's access policy: Sid
 * {@link TopicSpec#statementId}, SNS as principal, {@code sqs:SendMessage} on the queue, only from the
 * topic's ARN. Only this statement is read and written; the rest of the policy is someone else's.
 */
record QueuePolicyStatement(String topicName, String topicArn, String queueArn) {

    OwnedStatement owned() {
        ObjectNode statement = OwnedStatement.allow(TopicSpec.statementId(topicName))
                .put("Action", "sqs:SendMessage")
                .put("Resource", queueArn);
        statement.putObject("Principal").put("Service", "sns.amazonaws.com");
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        return new OwnedStatement(statement);
    }

    boolean heldBy(String policy) {
        return owned().heldBy(policy);
    }

    String addTo(String policy) {
        return owned().addTo(policy);
    }

    String removeFrom(String policy) {
        return owned().removeFrom(policy);
    }
}
