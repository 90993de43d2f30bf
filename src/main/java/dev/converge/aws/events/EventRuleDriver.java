package dev.converge.aws.events;

import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.sqs.QueueDriver;
import dev.converge.aws.sqs.QueuePolicyStatement;
import dev.converge.model.EventRuleSpec;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.QueueSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * EventBridge rules on the default bus, each sending to one queue of the environment, whose access policy
 * admits the rule alone. Observation is one ListRules with the prefix {@code <environment>-}, then per rule
 * its tags and targets; rules are few (Converge declares one per environment). Observed only when one is
 * declared or the environment holds Converge's event queue: an environment that never turned events on
 * pays no call for them, and one that turned them off still has its rule found and pruned (the rule is
 * deleted before its queue, which comes earlier in the kind order).
 */
public final class EventRuleDriver implements ResourceDriver {

    /** The one target of a rule: Converge's queue. */
    static final String TARGET_ID = "converge-queue";
    private static final String PRINCIPAL = "events.amazonaws.com";

    /** @param arn the rule's ARN, which the queue's policy admits */
    public record Details(String arn, String queueArn) {}

    @Override
    public String kind() {
        return EventRuleSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        if (declared.isEmpty() && context.observed().get(ResourceKey.of(QueueSpec.KIND, EventRuleSpec.CONVERGE_QUEUE)).isEmpty()) {
            return List.of();
        }
        EventBridgeClient events = context.clients().events();
        String prefix = context.environment().name() + "-";
        List<Rule> rules = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = events.listRules(r -> r.namePrefix(prefix).nextToken(next));
            rules.addAll(page.rules());
            token = page.nextToken();
        } while (token != null);
        Map<String, String> queueNames = queueNamesByArn(context);
        List<ObservedResource> observed = new ArrayList<>();
        for (Rule rule : rules) {
            Map<String, String> tags = OwnedTags.toMap(events.listTagsForResource(r -> r.resourceARN(rule.arn())).tags(),
                    Tag::key, Tag::value);
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), rule.name(), context);
            if (key.isEmpty()) {
                declared.stream().filter(r -> ruleName(r, context).equals(rule.name()))
                        .findFirst()
                        .ifPresent(r -> observed.add(ObservedResource.foreign(r.key(), rule.name(), tags)));
                continue;
            }
            Optional<String> queueArn = events.listTargetsByRule(r -> r.rule(rule.name())).targets().stream()
                    .filter(t -> TARGET_ID.equals(t.id()))
                    .map(Target::arn)
                    .findFirst();
            String queue = queueArn.map(arn -> queueNames.getOrDefault(arn, arn)).orElse(null);
            boolean admitted = queueArn.isPresent() && queue != null && !queue.equals(queueArn.get())
                    && statement(rule.arn(), queueArn.get()).heldBy(policyOf(queue, context));
            Fields fields = new Fields()
                    .put(EventRuleSpec.EVENT_PATTERN, rule.eventPattern() == null ? null : EventRuleSpec.canonicalPattern(rule.eventPattern()))
                    .put(EventRuleSpec.QUEUE, queue)
                    .put(EventRuleSpec.QUEUE_ACCESS, admitted && rule.state() == RuleState.ENABLED);
            observed.add(ObservedResource.owned(key.get(), rule.name(), fields.build(), tags,
                    new Details(rule.arn(), queueArn.orElse(null))));
        }
        return observed;
    }

    /** The environment's queues by ARN, to their spec names, as the queues' observation read them. */
    private static Map<String, String> queueNamesByArn(DriverContext context) {
        Map<String, String> names = new HashMap<>();
        context.observed().all().stream()
                .filter(r -> r.key().kind().equals(QueueSpec.KIND) && r.owned() && r.details() instanceof QueueDriver.Details)
                .forEach(r -> names.put(r.details(QueueDriver.Details.class).arn(), r.key().name()));
        return names;
    }

    private static String policyOf(String queue, DriverContext context) {
        return context.observed().get(ResourceKey.of(QueueSpec.KIND, queue))
                .filter(r -> r.details() instanceof QueueDriver.Details)
                .map(r -> r.details(QueueDriver.Details.class).policy())
                .orElse(null);
    }

    private static String ruleName(Resource resource, DriverContext context) {
        return EventRuleSpec.ruleName(context.environment().name(), resource.name());
    }

    /** The statement of the queue's policy that admits the rule; its Sid names the rule. */
    static QueuePolicyStatement statement(String ruleArn, String queueArn) {
        String name = ruleArn.substring(ruleArn.lastIndexOf('/') + 1);
        return new QueuePolicyStatement(name.replaceAll("[^A-Za-z0-9]", ""), PRINCIPAL, ruleArn, queueArn);
    }

    /** Creates the rule with its tags, points it at the queue, and admits it to the queue. */
    @Override
    public String create(Resource resource, DriverContext context) {
        EventRuleSpec spec = resource.spec(EventRuleSpec.class);
        String name = ruleName(resource, context);
        String arn = context.clients().events().putRule(r -> r.name(name)
                .eventPattern(spec.eventPattern())
                .state(RuleState.ENABLED)
                .description("Converge: CloudTrail events of what environment " + context.environment().name() + " manages")
                .tags(OwnedTags.toList(context.tagsFor(resource), (k, v) -> Tag.builder().key(k).value(v).build())))
                .ruleArn();
        target(name, spec, context);
        admit(arn, spec.queue(), context);
        return name;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        EventRuleSpec spec = resource.spec(EventRuleSpec.class);
        EventBridgeClient events = context.clients().events();
        String arn = live.details(Details.class).arn();
        for (FieldChange change : changes) {
            switch (change.field()) {
                case EventRuleSpec.EVENT_PATTERN -> events.putRule(r -> r.name(live.awsId())
                        .eventPattern(spec.eventPattern()).state(RuleState.ENABLED));
                case EventRuleSpec.QUEUE -> target(live.awsId(), spec, context);
                case EventRuleSpec.QUEUE_ACCESS -> {
                    events.enableRule(r -> r.name(live.awsId()));
                    admit(arn, spec.queue(), context);
                }
                case KindSpec.TAGS -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> wanted = (Map<String, String>) change.after();
                    events.tagResource(r -> r.resourceARN(arn)
                            .tags(OwnedTags.toList(wanted, (k, v) -> Tag.builder().key(k).value(v).build())));
                }
                default -> throw new IllegalArgumentException("EventRule field " + change.field() + " cannot be updated");
            }
        }
    }

    private static void target(String rule, EventRuleSpec spec, DriverContext context) {
        String queueArn = QueueDriver.arnOf(ResourceKey.of(QueueSpec.KIND, spec.queue()), context);
        context.clients().events().putTargets(r -> r.rule(rule).targets(Target.builder().id(TARGET_ID).arn(queueArn).build()));
    }

    /** Writes the rule's statement into the queue's policy as it is now, keeping the other statements. */
    private static void admit(String ruleArn, String queue, DriverContext context) {
        String url = context.idOf(ResourceKey.of(QueueSpec.KIND, queue));
        SqsClient sqs = context.clients().sqs();
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.POLICY)).attributes();
        String policy = statement(ruleArn, attributes.get(QueueAttributeName.QUEUE_ARN)).addTo(attributes.get(QueueAttributeName.POLICY));
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    }

    /** Stops the rule sending, deletes it, and takes its statement out of the queue's policy if the queue is still there. */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        EventBridgeClient events = context.clients().events();
        Details details = live.details(Details.class);
        NotFound.ignoring(() -> {
            events.removeTargets(r -> r.rule(live.awsId()).ids(TARGET_ID));
            events.deleteRule(r -> r.name(live.awsId()));
        });
        if (details.queueArn() == null) {
            return;
        }
        SqsClient sqs = context.clients().sqs();
        // when the queue went first, nothing admits the rule any more
        NotFound.ignoring(() -> {
            String url = sqs.getQueueUrl(r -> r.queueName(details.queueArn().substring(details.queueArn().lastIndexOf(':') + 1))
                    .queueOwnerAWSAccountId(details.queueArn().split(":")[4])).queueUrl();
            String policy = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                    .attributes().get(QueueAttributeName.POLICY);
            String kept = statement(details.arn(), details.queueArn()).removeFrom(policy);
            sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, kept)));
        });
    }
}
