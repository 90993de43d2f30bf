package dev.converge.aws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.BoundedParallel;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Ownership;
import dev.converge.model.QueueSpec;
import dev.converge.model.QueueSpec.Encryption;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS queues. Converge names them {@code <environment>-<name>} (plus {@code .fifo}), so observation is one
 * ListQueues with the prefix {@code <environment>-} at SQS's largest page (1,000), then per queue found
 * its tags (ListQueueTags) and its attributes (GetQueueAttributes, all of them), a few queues at a time.
 * Not the Resource Groups Tagging API, which moto supports for SQS too: the attributes cost one call per
 * queue whatever lists the queues, so it would save one call per queue at the price of an eventually
 * consistent view (a queue tagged moments ago missing, or listed without its new tags), and it would not
 * show an untagged queue holding a declared name, which CreateQueue would silently return as if it were
 * new. ListQueueTags is consistent, and needs only the tag-read permission.
 *
 * <p>A queue that holds messages (visible, in flight or delayed, as SQS approximately counts them) is
 * never deleted by a pass: the plan reports it as protected, and the count is read again just before a
 * delete, unless it carries {@link Ownership#DISPOSABLE} (Converge's own event queue). A dead-letter
 * queue is created before the queues that name it.
 */
public final class QueueDriver implements ResourceDriver {

    /** SQS's largest ListQueues page. */
    static final int PAGE = 1000;
    /** Per-queue reads in flight at once during observation. */
    static final int PARALLELISM = 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<QueueAttributeName> MESSAGE_COUNTS = List.of(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    private static final String NO_ENCRYPTION = "none";

    /**
     * @param arn the queue's ARN, which redrive policies and subscriptions name
     * @param policy the queue's access policy as SQS returns it, or null for none
     */
    public record Details(String arn, String policy) {}

    @Override
    public String kind() {
        return QueueSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        SqsClient sqs = context.clients().sqs();
        String prefix = context.environment().name() + "-";
        List<String> urls = sqs.listQueuesPaginator(r -> r.queueNamePrefix(prefix).maxResults(PAGE)).queueUrls().stream().toList();
        Map<String, ResourceKey> declaredNames = new HashMap<>();
        declared.forEach(r -> declaredNames.put(awsName(r, context), r.key()));
        List<Optional<Read>> reads = BoundedParallel.map(urls, PARALLELISM, url -> read(sqs, url, declaredNames, context));
        Map<String, String> namesByArn = new HashMap<>();
        reads.stream().flatMap(Optional::stream)
                .filter(read -> read.attributes() != null)
                .forEach(read -> namesByArn.put(read.attributes().get(QueueAttributeName.QUEUE_ARN), read.key().name()));
        return reads.stream().flatMap(Optional::stream).map(read -> read.observed(namesByArn)).toList();
    }

    /** One queue as read: its tags, and its attributes when Converge manages it (null for someone else's). */
    private record Read(ResourceKey key, String url, Map<String, String> tags, Map<QueueAttributeName, String> attributes) {

        ObservedResource observed(Map<String, String> namesByArn) {
            if (attributes == null) {
                return ObservedResource.foreign(key, url, tags);
            }
            ObservedResource live = ObservedResource.owned(key, url, properties(attributes, namesByArn), tags,
                    new Details(attributes.get(QueueAttributeName.QUEUE_ARN), attributes.get(QueueAttributeName.POLICY)));
            long messages = messages(attributes);
            return messages > 0 && !disposable(tags) ? live.withProtection(holding(messages)) : live;
        }
    }

    private Optional<Read> read(SqsClient sqs, String url, Map<String, ResourceKey> declaredNames, DriverContext context) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        Map<String, String> tags = sqs.listQueueTags(r -> r.queueUrl(url)).tags();
        Optional<ResourceKey> key = OwnedTags.key(tags, kind(), name, context);
        if (key.isPresent()) {
            return Optional.of(new Read(key.get(), url, tags, sqs.getQueueAttributes(
                    r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes()));
        }
        return Optional.ofNullable(declaredNames.get(name)).map(declaredKey -> new Read(declaredKey, url, tags, null));
    }

    private static Map<String, Object> properties(Map<QueueAttributeName, String> attributes, Map<String, String> namesByArn) {
        String kmsKey = attributes.get(QueueAttributeName.KMS_MASTER_KEY_ID);
        String encryption = kmsKey != null && !kmsKey.isEmpty() ? Encryption.KMS
                : Boolean.parseBoolean(attributes.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED)) ? Encryption.SQS : NO_ENCRYPTION;
        return new Fields()
                .put(QueueSpec.FIFO, Boolean.parseBoolean(attributes.get(QueueAttributeName.FIFO_QUEUE)))
                .put(QueueSpec.VISIBILITY_TIMEOUT, integer(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)))
                .put(QueueSpec.MESSAGE_RETENTION, integer(attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD)))
                .put(QueueSpec.DELIVERY_DELAY, integer(attributes.get(QueueAttributeName.DELAY_SECONDS)))
                .put(QueueSpec.MAXIMUM_MESSAGE_SIZE, integer(attributes.get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE)))
                .put(QueueSpec.RECEIVE_WAIT_TIME, integer(attributes.get(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS)))
                .put(QueueSpec.ENCRYPTION, QueueSpec.encryption(encryption, Encryption.KMS.equals(encryption) ? kmsKey : null))
                .put(QueueSpec.DEAD_LETTER, deadLetter(attributes.get(QueueAttributeName.REDRIVE_POLICY), namesByArn))
                .build();
    }

    /** A redrive policy as compared: the dead-letter queue by its spec name when it is one of this environment's. */
    private static Map<String, Object> deadLetter(String redrivePolicy, Map<String, String> namesByArn) {
        if (redrivePolicy == null || redrivePolicy.isEmpty()) {
            return Map.of();
        }
        JsonNode policy = parse(redrivePolicy);
        String arn = policy.path("deadLetterTargetArn").asText();
        return QueueSpec.deadLetter(namesByArn.getOrDefault(arn, arn), policy.path("maxReceiveCount").asInt());
    }

    private static long messages(Map<QueueAttributeName, String> attributes) {
        return MESSAGE_COUNTS.stream().mapToLong(name -> {
            Integer count = integer(attributes.get(name));
            return count == null ? 0 : count;
        }).sum();
    }

    private static boolean disposable(Map<String, String> tags) {
        return Boolean.parseBoolean(tags.get(Ownership.DISPOSABLE));
    }

    private static String holding(long messages) {
        return "it holds about " + messages + " message" + (messages == 1 ? "" : "s") + " (Converge never deletes a queue that holds messages)";
    }

    private static Integer integer(String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awsName(Resource resource, DriverContext context) {
        return QueueSpec.queueName(context.environment().name(), resource.name(), resource.spec(QueueSpec.class).isFifo());
    }

    /** Creates the queue with its attributes and tags in one call. */
    @Override
    public String create(Resource resource, DriverContext context) {
        QueueSpec spec = resource.spec(QueueSpec.class);
        Map<QueueAttributeName, String> attributes = attributes(spec, spec.properties().keySet(), context);
        if (spec.isFifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        return context.clients().sqs().createQueue(r -> r.queueName(awsName(resource, context))
                .attributes(attributes)
                .tags(context.tagsFor(resource))).queueUrl();
    }

    /** The SQS attributes that carry the listed spec fields. */
    private static Map<QueueAttributeName, String> attributes(QueueSpec spec, Set<String> fields, DriverContext context) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        for (String field : fields) {
            switch (field) {
                case QueueSpec.VISIBILITY_TIMEOUT -> attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, spec.visibilityTimeout().toString());
                case QueueSpec.MESSAGE_RETENTION -> attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, spec.messageRetention().toString());
                case QueueSpec.DELIVERY_DELAY -> attributes.put(QueueAttributeName.DELAY_SECONDS, spec.deliveryDelay().toString());
                case QueueSpec.MAXIMUM_MESSAGE_SIZE -> attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, spec.maximumMessageSize().toString());
                case QueueSpec.RECEIVE_WAIT_TIME -> attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, spec.receiveWaitTime().toString());
                case QueueSpec.ENCRYPTION -> {
                    boolean kms = Encryption.KMS.equals(spec.encryption().type());
                    attributes.put(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, Boolean.toString(!kms));
                    attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, kms ? spec.encryption().kmsKeyId() : "");
                }
                case QueueSpec.DEAD_LETTER -> attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(spec.deadLetter(), context));
                case QueueSpec.FIFO -> {
                    // fixed at creation: CreateQueue takes it, SetQueueAttributes cannot change it
                }
                default -> throw new IllegalArgumentException("Queue field " + field + " is not a queue attribute");
            }
        }
        return attributes;
    }

    private static String redrivePolicy(QueueSpec.DeadLetter deadLetter, DriverContext context) {
        ObjectNode policy = JSON.createObjectNode()
                .put("deadLetterTargetArn", arnOf(ResourceKey.of(QueueSpec.KIND, deadLetter.queue()), context))
                .put("maxReceiveCount", deadLetter.maxReceiveCount());
        return policy.toString();
    }

    /** The ARN of a queue of the environment: as observed, or asked of SQS for one this pass created. */
    public static String arnOf(ResourceKey queue, DriverContext context) {
        String url = context.idOf(queue);
        return context.observed().get(queue)
                .filter(live -> live.awsId().equals(url) && live.details() instanceof Details)
                .map(live -> live.details(Details.class).arn())
                .orElseGet(() -> context.clients().sqs()
                        .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN));
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        QueueSpec spec = resource.spec(QueueSpec.class);
        SqsClient sqs = context.clients().sqs();
        Set<String> fields = new LinkedHashSet<>();
        for (FieldChange change : changes) {
            if (change.field().equals(KindSpec.TAGS)) {
                @SuppressWarnings("unchecked")
                Map<String, String> wanted = (Map<String, String>) change.after();
                sqs.tagQueue(r -> r.queueUrl(live.awsId()).tags(wanted));
            } else {
                fields.add(change.field());
            }
        }
        Map<QueueAttributeName, String> attributes = attributes(spec, fields, context);
        if (!attributes.isEmpty()) {
            sqs.setQueueAttributes(r -> r.queueUrl(live.awsId()).attributes(attributes));
        }
    }

    /** Refuses a queue that holds messages, as counted just now: it may have received some since the pass observed it. */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        SqsClient sqs = context.clients().sqs();
        NotFound.ignoring(() -> {
            long messages = disposable(live.tags()) ? 0
                    : messages(sqs.getQueueAttributes(r -> r.queueUrl(live.awsId()).attributeNames(MESSAGE_COUNTS)).attributes());
            if (messages > 0) {
                throw new IllegalStateException(holding(messages));
            }
            sqs.deleteQueue(r -> r.queueUrl(live.awsId()));
        });
    }
}
