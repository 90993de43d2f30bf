package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.model.EventRuleSpec;
import dev.converge.model.QueueSpec;
import dev.converge.model.QueueSpec.DeadLetter;
import dev.converge.model.QueueSpec.Encryption;
import dev.converge.model.ResourceKey;
import dev.converge.model.TopicSpec;
import dev.converge.model.TopicSpec.SubscriptionSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The queue and topic checks: SQS's attribute ranges, encryption, a dead-letter queue of the queue's own
 * type, and subscriptions to queues of the topic's type (SNS delivers a FIFO topic only to FIFO queues,
 * and a standard topic only to standard ones); that they are queues of the topic's own environment is
 * the reference check every kind has.
 */
final class MessagingChecks {

    /** SQS queue names: at most 80 characters, {@code .fifo} included. */
    private static final int MAX_QUEUE_NAME = 80;
    /** SNS topic names: at most 256 characters, {@code .fifo} included. */
    private static final int MAX_TOPIC_NAME = 256;

    /** The queues Converge declares for itself when events are on. */
    private static final java.util.Set<String> RESERVED_QUEUES =
            java.util.Set.of(EventRuleSpec.CONVERGE_QUEUE, EventRuleSpec.CONVERGE_DEAD_LETTER_QUEUE);

    private final SpecIndex index;
    private final Findings findings;

    MessagingChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        if (spec instanceof QueueSpec queue) {
            queue(queue, declaration);
        } else if (spec instanceof TopicSpec topic) {
            topic(topic, declaration);
        }
    }

    private void queue(QueueSpec queue, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        name(declaration, QueueSpec.queueName(declaration.resource().environment(), declaration.resource().name(), queue.isFifo()),
                MAX_QUEUE_NAME, "SQS");
        if (RESERVED_QUEUES.contains(declaration.resource().name())) {
            findings.at(source, "/metadata/name", "the queue name '" + declaration.resource().name()
                    + "' is Converge's own (its event queue, see converge.events.enabled); choose another");
        }
        findings.range(source, "/spec/" + QueueSpec.VISIBILITY_TIMEOUT, queue.visibilityTimeout(), 0, 43200);
        findings.range(source, "/spec/" + QueueSpec.MESSAGE_RETENTION, queue.messageRetention(), 60, 1209600);
        findings.range(source, "/spec/" + QueueSpec.DELIVERY_DELAY, queue.deliveryDelay(), 0, 900);
        findings.range(source, "/spec/" + QueueSpec.MAXIMUM_MESSAGE_SIZE, queue.maximumMessageSize(), 1024, 262144);
        findings.range(source, "/spec/" + QueueSpec.RECEIVE_WAIT_TIME, queue.receiveWaitTime(), 0, 20);
        encryption(queue.encryption(), source);
        DeadLetter deadLetter = queue.deadLetter();
        if (deadLetter == null) {
            return;
        }
        String at = "/spec/" + QueueSpec.DEAD_LETTER;
        findings.required(source, at + "/queue", deadLetter.queue());
        findings.required(source, at + "/maxReceiveCount", deadLetter.maxReceiveCount());
        findings.range(source, "/spec/" + QueueSpec.DEAD_LETTER + "/maxReceiveCount", deadLetter.maxReceiveCount(), 1, 1000);
        if (declaration.resource().name().equals(deadLetter.queue())) {
            findings.at(source, at + "/queue", "a queue cannot be its own dead-letter queue");
            return;
        }
        queueOf(declaration.resource().environment(), deadLetter.queue())
                .filter(target -> target.isFifo() != queue.isFifo())
                .ifPresent(target -> findings.at(source, at + "/queue", "Queue '" + deadLetter.queue() + "' is " + type(target.isFifo())
                        + " and this queue is " + type(queue.isFifo()) + "; SQS requires a dead-letter queue of the same type"));
    }

    private void encryption(Encryption encryption, DocumentSource source) {
        if (encryption == null || encryption.type() == null) {
            return;
        }
        String at = "/spec/" + QueueSpec.ENCRYPTION;
        if (Encryption.KMS.equals(encryption.type())) {
            findings.required(source, at + "/kmsKeyId", encryption.kmsKeyId());
        } else if (encryption.kmsKeyId() != null) {
            findings.at(source, at + "/kmsKeyId", "a KMS key goes with type KMS; SQS-managed encryption (type SQS) takes none");
        }
    }

    private void topic(TopicSpec topic, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        name(declaration, QueueSpec.queueName(env, declaration.resource().name(), topic.isFifo()), MAX_TOPIC_NAME, "SNS");
        if (topic.subscriptions() == null) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < topic.subscriptions().size(); i++) {
            SubscriptionSpec subscription = topic.subscriptions().get(i);
            String at = "/spec/" + TopicSpec.SUBSCRIPTIONS + "/" + i;
            filterPolicy(subscription.filterPolicy(), source, at + "/filterPolicy");
            String name = subscription.queue();
            if (!findings.required(source, at + "/queue", name)) {
                continue;
            }
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                findings.at(source, at + "/queue", "Queue '" + name + "' is subscribed twice; also at "
                        + Findings.where(source, "/spec/" + TopicSpec.SUBSCRIPTIONS + "/" + first + "/queue"));
            }
            Optional<QueueSpec> queue = queueOf(env, name);
            if (queue.isPresent() && queue.get().isFifo() != topic.isFifo()) {
                findings.at(source, at + "/queue", "Queue '" + name + "' is " + type(queue.get().isFifo()) + " and the topic is "
                        + type(topic.isFifo()) + "; SNS delivers " + type(topic.isFifo()) + " topics only to "
                        + type(topic.isFifo()) + " queues");
            }
        }
    }

    private void filterPolicy(JsonNode policy, DocumentSource source, String at) {
        if (policy == null) {
            return;
        }
        try {
            if (!policy.isObject() && !(policy.isTextual() && TopicSpec.filterPolicy(policy).startsWith("{"))) {
                findings.at(source, at, "a filter policy is a mapping (or a JSON string of one) from message attributes to conditions");
            }
        } catch (IllegalArgumentException e) {
            findings.at(source, at, e.getMessage());
        }
    }

    private Optional<QueueSpec> queueOf(String env, String name) {
        return index.resource(env, ResourceKey.of(QueueSpec.KIND, name))
                .map(d -> d.resource().spec())
                .filter(QueueSpec.class::isInstance)
                .map(QueueSpec.class::cast);
    }

    private void name(Declaration.OfResource declaration, String name, int max, String service) {
        if (name.length() > max) {
            findings.at(declaration.source(), "/metadata/name", "the AWS name '" + name + "' is " + name.length()
                    + " characters long; " + service + " allows at most " + max);
        }
    }

    private static String type(boolean fifo) {
        return fifo ? "FIFO" : "standard";
    }
}
