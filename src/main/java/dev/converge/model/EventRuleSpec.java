package dev.converge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EventBridge rule on the account's default bus that sends what it matches to a queue of the
 * environment, AWS name {@code <environment>-<name>}. Not a kind a spec declares: Converge declares one
 * for itself when events are on (see {@code EventPlumbing}), so it is planned, tagged and pruned like any
 * other resource.
 *
 * @param eventPattern the rule's event pattern, in its canonical JSON text (see {@link #canonicalPattern})
 * @param queue the queue of the environment the rule sends to, by its spec name; the queue's access
 *     policy admits this rule alone ({@code queueAccess})
 */
public record EventRuleSpec(String eventPattern, String queue, Map<String, String> tags, Management management)
        implements KindSpec {

    public static final String KIND = "EventRule";

    /** The spec names of what Converge declares for itself when events are on: its rule, queue and dead-letter queue. */
    public static final String CONVERGE_RULE = "converge-events";
    public static final String CONVERGE_QUEUE = "converge-events";
    public static final String CONVERGE_DEAD_LETTER_QUEUE = "converge-events-dlq";

    public static final String EVENT_PATTERN = "eventPattern";
    public static final String QUEUE = "queue";
    /** Whether the queue's access policy holds the statement admitting this rule: always wanted. */
    public static final String QUEUE_ACCESS = "queueAccess";

    public EventRuleSpec {
        eventPattern = canonicalPattern(eventPattern);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** An event pattern in one text whatever the order of its keys, so that a pattern is compared whole. */
    public static String canonicalPattern(String json) {
        try {
            return CANONICAL_JSON.writeValueAsString(CANONICAL_JSON.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event pattern is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The rule's name in AWS. */
    public static String ruleName(String environment, String name) {
        return environment + "-" + name;
    }

    @Override
    public List<Reference> references() {
        return List.of(Reference.ordering(QueueSpec.KIND, queue, QUEUE));
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(EVENT_PATTERN, eventPattern)
                .put(QUEUE, queue)
                .put(QUEUE_ACCESS, true)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
