package dev.converge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An SNS topic, AWS name {@code <environment>-<name>} ({@code .fifo} appended for a FIFO topic), and
 * its subscriptions to queues of the same environment. When {@code subscriptions} is declared it is the
 * topic's whole set of queue subscriptions: one made by hand to a queue is drift.
 *
 * <p>The topic also owns what lets it deliver: one statement in each subscribed queue's access policy,
 * with the Sid {@link #statementId}, allowing {@code sqs:SendMessage} from the topic's ARN
 * ({@code aws:SourceArn}). Other statements of the queue's policy are left alone, so several topics can
 * subscribe one queue without fighting over its policy, and the Queue kind never touches it.
 */
public record TopicSpec(
        Boolean fifo,
        String kmsKeyId,
        List<SubscriptionSpec> subscriptions,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Topic";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String FIFO = "fifo";
    public static final String KMS_KEY_ID = "kmsKeyId";
    public static final String SUBSCRIPTIONS = "subscriptions";

    /**
     * The subscribed queues whose access policy admits the topic; not a field people write, but what
     * every subscription needs to deliver, and drift when someone removes the statement.
     */
    public static final String QUEUE_POLICIES = "queuePolicies";

    private static final ObjectMapper SORTED_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * One subscription as written.
     *
     * @param queue a Queue of the topic's environment, of the topic's type (FIFO or standard)
     * @param rawMessageDelivery deliver the message body itself rather than SNS's JSON envelope
     * @param filterPolicy an SNS filter policy on message attributes, a YAML mapping or a JSON string
     */
    public record SubscriptionSpec(
            @SpecField(required = true) String queue,
            Boolean rawMessageDelivery,
            JsonNode filterPolicy) {}

    /**
     * A subscription as compared: the queue's name in the spec, raw delivery, and the filter policy in
     * canonical JSON (keys sorted), empty for none.
     */
    public record Subscription(String queue, boolean rawMessageDelivery, String filterPolicy)
            implements Comparable<Subscription> {

        @Override
        public int compareTo(Subscription other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return queue + (rawMessageDelivery ? " raw" : "") + (filterPolicy.isEmpty() ? "" : " filter " + filterPolicy);
        }
    }

    public TopicSpec {
        subscriptions = Specs.copy(subscriptions);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    public boolean isFifo() {
        return Boolean.TRUE.equals(fifo);
    }

    /** The Sid of the statement by which topic {@code topicName} (its AWS name) may send to a queue. */
    public static String statementId(String topicName) {
        return "converge-topic-" + topicName.replace(".", "-");
    }

    /** A filter policy in one canonical text, whether it came from YAML, JSON text or AWS; "" for none or {}. */
    public static String filterPolicy(JsonNode policy) {
        if (policy == null || policy.isNull() || (policy.isTextual() && policy.asText().isBlank())) {
            return "";
        }
        try {
            JsonNode document = policy.isTextual() ? SORTED_JSON.readTree(policy.asText()) : policy;
            // an empty policy filters nothing: it is how SNS reads back a filter policy taken away
            return document.isObject() && document.isEmpty() ? ""
                    : SORTED_JSON.writeValueAsString(SORTED_JSON.treeToValue(document, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filter policy is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        for (int i = 0; subscriptions != null && i < subscriptions.size(); i++) {
            String queue = subscriptions.get(i).queue();
            if (queue != null) {
                references.add(Reference.ordering(QueueSpec.KIND, queue, SUBSCRIPTIONS + "[" + i + "].queue"));
            }
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        Set<Subscription> wanted = null;
        Set<String> queues = null;
        if (subscriptions != null) {
            wanted = new TreeSet<>();
            queues = new TreeSet<>();
            for (SubscriptionSpec subscription : subscriptions) {
                wanted.add(new Subscription(subscription.queue(), Boolean.TRUE.equals(subscription.rawMessageDelivery()),
                        filterPolicy(subscription.filterPolicy())));
                queues.add(subscription.queue());
            }
        }
        return new Fields()
                .put(FIFO, isFifo())
                .put(KMS_KEY_ID, kmsKeyId)
                .put(SUBSCRIPTIONS, wanted)
                .put(QUEUE_POLICIES, queues)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(FIFO);
    }
}
