package dev.converge.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.TopicSpec;
import org.junit.jupiter.api.Test;

/** A topic's statement in a queue's policy is its own: added, checked and removed, the rest kept. */
class QueuePolicyStatementTest {

    private static final String QUEUE = "arn:aws:sqs:us-east-1:111111111111:prod-jobs";
    private static final String OTHERS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ops\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sqs:ReceiveMessage\",\"Resource\":\"" + QUEUE + "\"}]}";

    private final QueuePolicyStatement statement =
            new QueuePolicyStatement(TopicSpec.statementId("prod-events"), "sns.amazonaws.com", "arn:aws:sns:us-east-1:111111111111:prod-events", QUEUE);

    @Test
    void addedToAPolicyOfOtherStatements_keepsThem_andIsHeld() {
        String policy = statement.addTo(OTHERS);

        assertThat(statement.heldBy(policy)).isTrue();
        assertThat(policy).contains("\"Sid\":\"ops\"", "\"Sid\":\"converge-topic-prod-events\"", "aws:SourceArn");
        assertThat(statement.heldBy(OTHERS)).isFalse();
        assertThat(statement.heldBy(null)).isFalse();
    }

    @Test
    void aStatementOfItsSidForAnotherTopic_isNotHeld_andIsReplaced() {
        QueuePolicyStatement other = new QueuePolicyStatement(TopicSpec.statementId("prod-events"), "sns.amazonaws.com", "arn:aws:sns:us-east-1:222222222222:prod-events", QUEUE);
        String policy = other.addTo(OTHERS);

        assertThat(statement.heldBy(policy)).isFalse();
        assertThat(statement.heldBy(statement.addTo(policy))).isTrue();
        assertThat(statement.addTo(policy)).doesNotContain("222222222222");
    }

    @Test
    void removed_leavesTheOtherStatements_orNoPolicyWhenNoneIsLeft() {
        assertThat(statement.removeFrom(statement.addTo(OTHERS))).doesNotContain("converge-topic").contains("\"Sid\":\"ops\"");
        assertThat(statement.removeFrom(statement.addTo(null))).isEmpty();
    }
}
