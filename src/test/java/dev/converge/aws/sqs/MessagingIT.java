package dev.converge.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.QueueSpec;
import dev.converge.model.Resource;
import dev.converge.model.TopicSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Queues and a topic ({@code specs/messaging/messaging.yaml}) converged into moto and read back: the
 * queues' attributes and redrive policy, the topic's subscriptions and the statements that let it send
 * to the queues it subscribes.
 */
class MessagingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness harness = new Harness();
    private final DesiredState spec = SpecLoader.load(Path.of("src/test/resources/specs/messaging/messaging.yaml"));
    private final Environment env = spec.environments().get("mq");
    private final List<Resource> resources = spec.resourcesOf("mq");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesFromEmpty_asDeclared_andASecondPassMakesNoMutatingCall() throws Exception {
        PassReport first = harness.pass(env, resources);

        assertThat(first.success()).as(first.toString()).isTrue();
        assertThat(first.remaining().isEmpty()).as(first.remaining().toString()).isTrue();
        Map<QueueAttributeName, String> jobs = attributes("mq-jobs");
        assertThat(jobs).contains(entry(QueueAttributeName.VISIBILITY_TIMEOUT, "120"),
                entry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600"), entry(QueueAttributeName.DELAY_SECONDS, "5"),
                entry(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "131072"),
                entry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20"));
        JsonNode redrive = JSON.readTree(jobs.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(attributes("mq-jobs-dlq").get(QueueAttributeName.QUEUE_ARN));
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(sqs().listQueueTags(r -> r.queueUrl(url("mq-jobs"))).tags())
                .contains(entry(Ownership.RESOURCE, "Queue/jobs"), entry("team", "platform"));
        Map<QueueAttributeName, String> orders = attributes("mq-orders.fifo");
        assertThat(orders).contains(entry(QueueAttributeName.FIFO_QUEUE, "true"), entry(QueueAttributeName.KMS_MASTER_KEY_ID, "alias/mq-data"));

        String topic = topicArn("mq-notifications");
        Map<String, Subscription> subscriptions = subscriptions(topic);
        assertThat(subscriptions).containsOnlyKeys(queueArn("mq-jobs"), queueArn("mq-emails"));
        assertThat(subscriptionAttributes(subscriptions.get(queueArn("mq-jobs")))).containsEntry("RawMessageDelivery", "true");
        assertThat(JSON.readTree(subscriptionAttributes(subscriptions.get(queueArn("mq-emails"))).get("FilterPolicy")))
                .isEqualTo(JSON.readTree("{\"channel\":[\"email\"]}"));
        JsonNode statement = JSON.readTree(attributes("mq-jobs").get(QueueAttributeName.POLICY)).path("Statement").get(0);
        assertThat(statement.path("Sid").asText()).isEqualTo(TopicSpec.statementId("mq-notifications"));
        assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asText()).isEqualTo(topic);
        assertThat(attributes("mq-jobs-dlq")).doesNotContainKey(QueueAttributeName.POLICY);

        long mutations = harness.mutatingCalls();
        PassReport second = harness.pass(env, resources);
        assertThat(second.success()).as(second.toString()).isTrue();
        assertThat(second.detected().changes()).as("drift on the second pass").isEmpty();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
    }

    @Test
    void driftIsUndone_aVisibilityTimeoutChangedAndASubscriptionDeletedOutOfBand() {
        harness.pass(env, resources);
        sqs().setQueueAttributes(r -> r.queueUrl(url("mq-jobs")).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "7")));
        String topic = topicArn("mq-notifications");
        String emails = subscriptions(topic).get(queueArn("mq-emails")).subscriptionArn();
        sns().unsubscribe(r -> r.subscriptionArn(emails));
        sqs().setQueueAttributes(r -> r.queueUrl(url("mq-emails")).attributes(Map.of(QueueAttributeName.POLICY, "")));

        PassReport report = harness.pass(env, resources);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(actions(report)).contains(entry("Queue/jobs", Action.UPDATE), entry("Topic/notifications", Action.UPDATE));
        assertThat(attributes("mq-jobs")).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "120");
        assertThat(subscriptions(topic)).containsOnlyKeys(queueArn("mq-jobs"), queueArn("mq-emails"));
        assertThat(attributes("mq-emails").get(QueueAttributeName.POLICY)).contains(TopicSpec.statementId("mq-notifications"));
        assertThat(harness.pass(env, resources).detected().changes()).isEmpty();
    }

    @Test
    void observeMode_reportsTheDriftAndLeavesItInPlace() {
        harness.pass(env, resources);
        sqs().setQueueAttributes(r -> r.queueUrl(url("mq-jobs")).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "7")));
        String topic = topicArn("mq-notifications");
        String jobs = subscriptions(topic).get(queueArn("mq-jobs")).subscriptionArn();
        sns().unsubscribe(r -> r.subscriptionArn(jobs));
        long mutations = harness.mutatingCalls();
        Environment observe = new Environment(env.name(), env.region(), env.accountId(), env.roleArn(), Mode.OBSERVE,
                env.prune(), env.tags());

        PassReport report = harness.pass(observe, resources);

        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(actions(report)).contains(entry("Queue/jobs", Action.UPDATE), entry("Topic/notifications", Action.UPDATE));
        assertThat(attributes("mq-jobs")).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "7");
        assertThat(subscriptions(topic)).containsOnlyKeys(queueArn("mq-emails"));
    }

    @Test
    void prune_deletesAnEmptyQueue_butAQueueHoldingMessagesSurvives_andThePlanSaysWhy() {
        harness.pass(env, resources);
        sqs().sendMessage(r -> r.queueUrl(url("mq-orders.fifo")).messageBody("order 1").messageGroupId("g").messageDeduplicationId("1"));
        List<Resource> without = resources.stream()
                .filter(r -> !List.of("orders", "emails", "notifications").contains(r.name()))
                .toList();

        PassReport report = harness.pass(Harness.pruning(env), without);

        assertThat(report.success()).as(report.toString()).isTrue();
        Change orders = change(report, "Queue/orders");
        assertThat(orders.action()).isEqualTo(Action.PROTECTED);
        assertThat(orders.note()).contains("holds about 1 message", "left in place");
        assertThat(report.outcomes().stream()
                .filter(o -> o.change().action() == Action.DELETE && o.result() == Outcome.Result.SUCCESS)
                .map(o -> o.change().key().toString())).containsExactly("Topic/notifications", "Queue/emails");
        assertThat(sqs().listQueues(r -> r.queueNamePrefix("mq-")).queueUrls()).extracting(u -> u.substring(u.lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("mq-jobs", "mq-jobs-dlq", "mq-orders.fifo");
        assertThat(attributes("mq-jobs").getOrDefault(QueueAttributeName.POLICY, ""))
                .doesNotContain(TopicSpec.statementId("mq-notifications"));
    }

    @Test
    void aQueueTurningFifo_isAReplacementReported_andWithReplacementAllowedAQueueHoldingMessagesStillStays() {
        harness.pass(env, resources);
        sqs().sendMessage(r -> r.queueUrl(url("mq-emails")).messageBody("hello"));
        long mutations = harness.mutatingCalls();

        PassReport blocked = harness.pass(env, withEmails(Management.DEFAULT));
        PassReport allowed = harness.pass(env, withEmails(new Management(null, true, List.of())));

        assertThat(change(blocked, "Queue/emails").action()).isEqualTo(Action.REPLACEMENT_BLOCKED);
        assertThat(change(blocked, "Queue/emails").note()).contains("fifo");
        assertThat(change(allowed, "Queue/emails").action()).isEqualTo(Action.REPLACEMENT_BLOCKED);
        assertThat(change(allowed, "Queue/emails").note()).contains("holds about 1 message");
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(attributes("mq-emails")).doesNotContainKey(QueueAttributeName.FIFO_QUEUE);
    }

    /** The spec with the emails queue turned FIFO, unsubscribed from the (standard) topic. */
    private List<Resource> withEmails(Management management) {
        return resources.stream()
                .filter(r -> !r.kind().equals(TopicSpec.KIND))
                .map(r -> r.name().equals("emails") && r.spec() instanceof QueueSpec q
                        ? new Resource(r.key(), r.environment(), r.labels(), new QueueSpec(true, q.visibilityTimeout(),
                                q.messageRetention(), q.deliveryDelay(), q.maximumMessageSize(), q.receiveWaitTime(),
                                q.encryption(), q.deadLetter(), q.tags(), management))
                        : r)
                .toList();
    }

    private SqsClient sqs() {
        return harness.aws(env).sqs();
    }

    private SnsClient sns() {
        return harness.aws(env).sns();
    }

    private String url(String name) {
        return sqs().getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    private Map<QueueAttributeName, String> attributes(String name) {
        return sqs().getQueueAttributes(r -> r.queueUrl(url(name)).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private String queueArn(String name) {
        return attributes(name).get(QueueAttributeName.QUEUE_ARN);
    }

    private String topicArn(String name) {
        return sns().listTopics().topics().stream().map(t -> t.topicArn()).filter(arn -> arn.endsWith(":" + name)).findFirst().orElseThrow();
    }

    private Map<String, Subscription> subscriptions(String topic) {
        return sns().listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions().stream()
                .collect(Collectors.toMap(Subscription::endpoint, s -> s));
    }

    private Map<String, String> subscriptionAttributes(Subscription subscription) {
        return sns().getSubscriptionAttributes(r -> r.subscriptionArn(subscription.subscriptionArn())).attributes();
    }

    private static Map<String, Action> actions(PassReport report) {
        return report.detected().changes().stream().collect(Collectors.toMap(c -> c.key().toString(), Change::action));
    }

    private static Change change(PassReport report, String key) {
        return report.detected().changes().stream().filter(c -> c.key().toString().equals(key)).findFirst().orElseThrow();
    }
}
