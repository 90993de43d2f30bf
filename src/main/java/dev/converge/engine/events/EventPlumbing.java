package dev.converge.engine.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.StsNames;
import dev.converge.model.EventRuleSpec;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Ownership;
import dev.converge.model.QueueSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.List;
import java.util.Map;

/**
 * What Converge declares for itself in an environment when events are on: a dead-letter queue, the queue
 * its consumer long-polls, and an EventBridge rule on the default bus sending that queue the CloudTrail
 * management events of the services Converge manages, mutating calls only and not Converge's own (its
 * role session, named by {@link StsNames#sessionName}). They are planned, tagged and pruned like the
 * spec's resources, with prune on whatever the environment says and tagged {@link Ownership#INTERNAL}, so
 * turning events off removes them without the mass-delete guard taking it for a truncated spec.
 */
public final class EventPlumbing {

    /** Long enough for a pass over the event's kinds; a message not deleted by then is delivered again. */
    static final int VISIBILITY_TIMEOUT = 300;
    /** A message received this often without being handled goes to the dead-letter queue. */
    static final int MAX_RECEIVES = 5;
    private static final int FOUR_DAYS = 345_600;
    private static final int FOURTEEN_DAYS = 1_209_600;
    private static final Management PRUNED = new Management(true, false, List.of());
    private static final Map<String, String> INTERNAL = Map.of(Ownership.INTERNAL, "events");
    private static final Map<String, String> DISPOSABLE = Map.of(Ownership.INTERNAL, "events", Ownership.DISPOSABLE, "true");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventPlumbing() {}

    public static List<Resource> resources(Environment environment) {
        QueueSpec deadLetter = new QueueSpec(null, null, FOURTEEN_DAYS, null, null, null, null, null, DISPOSABLE, PRUNED);
        QueueSpec queue = new QueueSpec(null, VISIBILITY_TIMEOUT, FOUR_DAYS, null, null, 20, null,
                new QueueSpec.DeadLetter(EventRuleSpec.CONVERGE_DEAD_LETTER_QUEUE, MAX_RECEIVES), DISPOSABLE, PRUNED);
        EventRuleSpec rule = new EventRuleSpec(pattern(environment), EventRuleSpec.CONVERGE_QUEUE, INTERNAL, PRUNED);
        return List.of(
                resource(environment, QueueSpec.KIND, EventRuleSpec.CONVERGE_DEAD_LETTER_QUEUE, deadLetter),
                resource(environment, QueueSpec.KIND, EventRuleSpec.CONVERGE_QUEUE, queue),
                resource(environment, EventRuleSpec.KIND, EventRuleSpec.CONVERGE_RULE, rule));
    }

    private static Resource resource(Environment environment, String kind, String name, dev.converge.model.KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), environment.name(), Map.of(), spec);
    }

    /**
     * CloudTrail management events of the managed services, write calls only, except those of Converge's
     * own session for this environment, whose assumed-role ARN ends in {@code /<session name>}.
     */
    static String pattern(Environment environment) {
        ObjectNode pattern = JSON.createObjectNode();
        pattern.putArray("source").addAll(CloudTrailTargets.SOURCES.stream().map(JSON.getNodeFactory()::textNode).toList());
        pattern.putArray("detail-type").add(CloudTrailEvent.DETAIL_TYPE);
        ObjectNode detail = pattern.putObject("detail");
        detail.putArray("readOnly").add(false);
        detail.putObject("userIdentity").putArray("arn").addObject().putObject("anything-but")
                .put("suffix", "/" + StsNames.sessionName(environment.name()));
        return pattern.toString();
    }
}
