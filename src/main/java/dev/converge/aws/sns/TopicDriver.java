package dev.converge.aws.sns;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.converge.aws.BoundedParallel;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.sqs.QueueDriver;
import dev.converge.aws.sqs.QueuePolicyStatement;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.QueueSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.TopicSpec;
import dev.converge.model.TopicSpec.Subscription;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS topics and their subscriptions to queues of the environment. SNS lists topics without tags or a
 * name filter, so a pass lists the region's topics (SNS's fixed pages of 100) and reads tags only of
 * those named {@code <environment>-…} (ListTagsForResource), then, for each topic Converge manages, its
 * attributes (GetTopicAttributes) and, when the spec declares subscriptions or the topic left the spec,
 * its subscriptions (ListSubscriptionsByTopic, and GetSubscriptionAttributes per queue subscription for
 * raw delivery and the filter policy). Not the tagging API: the attributes cost a call per topic anyway,
 * and an untagged topic holding a declared name must be seen, since CreateTopic would return it as new.
 *
 * <p>Whether each subscribed queue's policy admits the topic is read from the queues' observation (the
 * Queue kind is observed first and keeps each queue's policy), so it costs no call.
 */
public final class TopicDriver implements ResourceDriver {

    static final int PARALLELISM = 8;

    private static final String SQS = "sqs";
    private static final String FIFO_TOPIC = "FifoTopic";
    private static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";
    private static final String RAW_MESSAGE_DELIVERY = "RawMessageDelivery";
    private static final String FILTER_POLICY = "FilterPolicy";

    /**
     * @param subscriptions the topic's subscription ARNs by the subscribed queue's spec name (or ARN,
     *     for a queue that is not one of the environment's)
     * @param admittedBy the queues (spec names) whose policy holds the topic's statement
     */
    public record Details(Map<String, String> subscriptions, Set<String> admittedBy) {}

    @Override
    public String kind() {
        return TopicSpec.KIND;
    }

    /** The topic's name in AWS. */
    static String topicName(String environment, String name, boolean fifo) {
        return QueueSpec.queueName(environment, name, fifo);
    }

    private static String topicName(Resource resource, DriverContext context) {
        return topicName(context.environment().name(), resource.name(), resource.spec(TopicSpec.class).isFifo());
    }

    private static String nameOf(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        SnsClient sns = context.clients().sns();
        String prefix = context.environment().name() + "-";
        List<String> arns = sns.listTopicsPaginator(r -> {}).topics().stream()
                .map(Topic::topicArn)
                .filter(arn -> nameOf(arn).startsWith(prefix))
                .toList();
        Map<String, ResourceKey> declaredNames = new HashMap<>();
        Map<ResourceKey, TopicSpec> specs = new HashMap<>();
        declared.forEach(r -> {
            declaredNames.put(topicName(r, context), r.key());
            specs.put(r.key(), r.spec(TopicSpec.class));
        });
        Queues queues = Queues.of(context);
        return BoundedParallel.map(arns, PARALLELISM, arn -> read(sns, arn, declaredNames, specs, queues, context)).stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<ObservedResource> read(
            SnsClient sns, String arn, Map<String, ResourceKey> declaredNames, Map<ResourceKey, TopicSpec> specs,
            Queues queues, DriverContext context) {
        Map<String, String> tags = OwnedTags.toMap(sns.listTagsForResource(r -> r.resourceArn(arn)).tags(), Tag::key, Tag::value);
        Optional<ResourceKey> key = OwnedTags.key(tags, kind(), nameOf(arn), context);
        if (key.isEmpty()) {
            return Optional.ofNullable(declaredNames.get(nameOf(arn))).map(declaredKey -> ObservedResource.foreign(declaredKey, arn, tags));
        }
        Map<String, String> attributes = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
        Fields fields = new Fields()
                .put(TopicSpec.FIFO, Boolean.parseBoolean(attributes.get(FIFO_TOPIC)))
                .put(TopicSpec.KMS_KEY_ID, attributes.getOrDefault(KMS_MASTER_KEY_ID, ""));
        TopicSpec spec = specs.get(key.get());
        Map<String, String> subscriptionArns = new TreeMap<>();
        Set<String> admittedBy = new TreeSet<>();
        if (spec == null || spec.subscriptions() != null) {
            Set<Subscription> subscriptions = new TreeSet<>();
            sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(arn)).subscriptions().stream()
                    .filter(s -> SQS.equals(s.protocol()))
                    .forEach(s -> {
                        String queue = queues.nameOf(s.endpoint());
                        Map<String, String> subscription = sns.getSubscriptionAttributes(r -> r.subscriptionArn(s.subscriptionArn())).attributes();
                        subscriptions.add(new Subscription(queue, Boolean.parseBoolean(subscription.get(RAW_MESSAGE_DELIVERY)),
                                TopicSpec.filterPolicy(subscription.get(FILTER_POLICY) == null ? null
                                        : TextNode.valueOf(subscription.get(FILTER_POLICY)))));
                        subscriptionArns.put(queue, s.subscriptionArn());
                    });
            queues.names().forEach(queue -> {
                if (topicStatement(nameOf(arn), arn, queues.arnOf(queue)).heldBy(queues.policyOf(queue))) {
                    admittedBy.add(queue);
                }
            });
            fields.put(TopicSpec.SUBSCRIPTIONS, subscriptions).put(TopicSpec.QUEUE_POLICIES, admittedBy);
        }
        return Optional.of(ObservedResource.owned(key.get(), arn, fields.build(), tags, new Details(subscriptionArns, admittedBy)));
    }

    /** The environment's queues as observed this pass: names, ARNs and policies. */
    private record Queues(Map<String, QueueDriver.Details> byName, Map<String, String> namesByArn) {

        static Queues of(DriverContext context) {
            Map<String, QueueDriver.Details> byName = new TreeMap<>();
            Map<String, String> namesByArn = new HashMap<>();
            context.observed().all().stream()
                    .filter(live -> live.key().kind().equals(QueueSpec.KIND) && live.owned())
                    .forEach(live -> {
                        QueueDriver.Details details = live.details(QueueDriver.Details.class);
                        byName.put(live.key().name(), details);
                        namesByArn.put(details.arn(), live.key().name());
                    });
            return new Queues(byName, namesByArn);
        }

        Set<String> names() {
            return byName.keySet();
        }

        String nameOf(String arn) {
            return namesByArn.getOrDefault(arn, arn);
        }

        String arnOf(String name) {
            return byName.get(name).arn();
        }

        String policyOf(String name) {
            return byName.get(name).policy();
        }
    }

    /** Creates the topic with its attributes and tags in one call, then its subscriptions and queue policies. */
    @Override
    public String create(Resource resource, DriverContext context) {
        TopicSpec spec = resource.spec(TopicSpec.class);
        Map<String, String> attributes = new HashMap<>();
        if (spec.isFifo()) {
            attributes.put(FIFO_TOPIC, "true");
        }
        if (spec.kmsKeyId() != null) {
            attributes.put(KMS_MASTER_KEY_ID, spec.kmsKeyId());
        }
        String name = topicName(resource, context);
        String arn = context.clients().sns().createTopic(r -> r.name(name).attributes(attributes)
                .tags(tags(context.tagsFor(resource)))).topicArn();
        Map<String, Object> wanted = spec.properties();
        admit(values(wanted.get(TopicSpec.QUEUE_POLICIES)), name, arn, context);
        for (Object subscription : values(wanted.get(TopicSpec.SUBSCRIPTIONS))) {
            subscribe((Subscription) subscription, arn, context);
        }
        return arn;
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        SnsClient sns = context.clients().sns();
        String arn = live.awsId();
        Details details = live.details(Details.class);
        for (FieldChange change : changes) {
            switch (change.field()) {
                case TopicSpec.KMS_KEY_ID -> sns.setTopicAttributes(r -> r.topicArn(arn)
                        .attributeName(KMS_MASTER_KEY_ID).attributeValue((String) change.after()));
                case TopicSpec.QUEUE_POLICIES -> {
                    admit(change.added(), nameOf(arn), arn, context);
                    change.removed().forEach(queue -> updatePolicy((String) queue, nameOf(arn), arn, false, context));
                }
                case TopicSpec.SUBSCRIPTIONS -> {
                    Set<String> kept = change.added().stream().map(s -> ((Subscription) s).queue()).collect(Collectors.toSet());
                    for (Object added : change.added()) {
                        Subscription subscription = (Subscription) added;
                        String existing = details.subscriptions().get(subscription.queue());
                        if (existing == null) {
                            subscribe(subscription, arn, context);
                        } else {
                            setAttributes(sns, existing, subscription);
                        }
                    }
                    change.removed().stream()
                            .map(s -> ((Subscription) s).queue())
                            .filter(queue -> !kept.contains(queue))
                            .map(details.subscriptions()::get)
                            .forEach(subscription -> NotFound.ignoring(() -> sns.unsubscribe(r -> r.subscriptionArn(subscription))));
                }
                case KindSpec.TAGS -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> wanted = (Map<String, String>) change.after();
                    sns.tagResource(r -> r.resourceArn(arn).tags(tags(wanted)));
                }
                default -> throw new IllegalArgumentException("Topic field " + change.field() + " cannot be updated in place");
            }
        }
    }

    private static void subscribe(Subscription subscription, String topicArn, DriverContext context) {
        String queueArn = QueueDriver.arnOf(ResourceKey.of(QueueSpec.KIND, subscription.queue()), context);
        Map<String, String> attributes = new HashMap<>();
        attributes.put(RAW_MESSAGE_DELIVERY, Boolean.toString(subscription.rawMessageDelivery()));
        if (!subscription.filterPolicy().isEmpty()) {
            attributes.put(FILTER_POLICY, subscription.filterPolicy());
        }
        context.clients().sns().subscribe(r -> r.topicArn(topicArn).protocol(SQS).endpoint(queueArn)
                .attributes(attributes).returnSubscriptionArn(true));
    }

    /** An empty filter policy, {@code {}}, is how SNS takes a filter policy away. */
    private static void setAttributes(SnsClient sns, String subscriptionArn, Subscription subscription) {
        sns.setSubscriptionAttributes(r -> r.subscriptionArn(subscriptionArn)
                .attributeName(RAW_MESSAGE_DELIVERY).attributeValue(Boolean.toString(subscription.rawMessageDelivery())));
        sns.setSubscriptionAttributes(r -> r.subscriptionArn(subscriptionArn)
                .attributeName(FILTER_POLICY).attributeValue(subscription.filterPolicy().isEmpty() ? "{}" : subscription.filterPolicy()));
    }

    private static void admit(Collection<Object> queues, String topicName, String topicArn, DriverContext context) {
        queues.forEach(queue -> updatePolicy((String) queue, topicName, topicArn, true, context));
    }

    /**
     * Puts the topic's statement into the queue's policy, or takes it out, reading the policy afresh:
     * another topic may have written its own statement since the pass observed it.
     */
    private static void updatePolicy(String queue, String topicName, String topicArn, boolean admit, DriverContext context) {
        ResourceKey key = ResourceKey.of(QueueSpec.KIND, queue);
        if (!admit && context.observed().get(key).filter(ObservedResource::owned).isEmpty()) {
            return;
        }
        String url = context.idOf(key);
        SqsClient sqs = context.clients().sqs();
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.POLICY)).attributes();
        QueuePolicyStatement statement = topicStatement(topicName, topicArn, attributes.get(QueueAttributeName.QUEUE_ARN));
        String policy = attributes.get(QueueAttributeName.POLICY);
        String updated = admit ? statement.addTo(policy) : statement.removeFrom(policy);
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, updated)));
    }

    /**
     * Deletes the topic, which ends its subscriptions, after taking its statement out of the queues'
     * policies that hold it.
     */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        live.details(Details.class).admittedBy()
                .forEach(queue -> updatePolicy(queue, nameOf(live.awsId()), live.awsId(), false, context));
        NotFound.ignoring(() -> context.clients().sns().deleteTopic(r -> r.topicArn(live.awsId())));
    }

    private static QueuePolicyStatement topicStatement(String topicName, String topicArn, String queueArn) {
        return new QueuePolicyStatement(TopicSpec.statementId(topicName), "sns.amazonaws.com", topicArn, queueArn);
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> values(Object set) {
        return set == null ? List.of() : (Collection<Object>) set;
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}
