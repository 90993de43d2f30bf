package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SQS queue, AWS name {@code <environment>-<name>} ({@code .fifo} appended for a FIFO queue). Each
 * attribute is enforced only when declared; whether the queue is FIFO is always known (standard unless
 * {@code fifo: true}) and needs replacement to change. The queue's access policy is not a field: the
 * topics subscribing the queue own their statements in it (see {@link TopicSpec}).
 *
 * @param visibilityTimeout seconds a received message stays hidden, 0-43200
 * @param messageRetention seconds a message is kept, 60-1209600
 * @param deliveryDelay seconds before a new message can be received, 0-900
 * @param maximumMessageSize bytes, 1024-262144
 * @param receiveWaitTime seconds a receive waits for a message (long polling), 0-20
 * @param deadLetter where messages go after too many receives: a queue of the spec, of the same type
 */
public record QueueSpec(
        Boolean fifo,
        @SpecField(minimum = 0, maximum = 43200) Integer visibilityTimeout,
        @SpecField(minimum = 60, maximum = 1209600) Integer messageRetention,
        @SpecField(minimum = 0, maximum = 900) Integer deliveryDelay,
        @SpecField(minimum = 1024, maximum = 262144) Integer maximumMessageSize,
        @SpecField(minimum = 0, maximum = 20) Integer receiveWaitTime,
        Encryption encryption,
        DeadLetter deadLetter,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Queue";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String FIFO = "fifo";
    public static final String VISIBILITY_TIMEOUT = "visibilityTimeout";
    public static final String MESSAGE_RETENTION = "messageRetention";
    public static final String DELIVERY_DELAY = "deliveryDelay";
    public static final String MAXIMUM_MESSAGE_SIZE = "maximumMessageSize";
    public static final String RECEIVE_WAIT_TIME = "receiveWaitTime";
    public static final String ENCRYPTION = "encryption";
    public static final String DEAD_LETTER = "deadLetter";

    /** The suffix SQS and SNS require of a FIFO queue's or topic's name. */
    private static final String FIFO_SUFFIX = ".fifo";

    /** Server-side encryption: SQS-managed keys, or a KMS key (id, alias or ARN). */
    public record Encryption(
            @SpecField(required = true, values = {Encryption.SQS, Encryption.KMS}) String type,
            String kmsKeyId) {

        public static final String SQS = "SQS";
        public static final String KMS = "KMS";
    }

    /** The redrive policy: after {@code maxReceiveCount} receives a message moves to {@code queue}. */
    public record DeadLetter(
            @SpecField(required = true) String queue,
            @SpecField(required = true, minimum = 1, maximum = 1000) Integer maxReceiveCount) {}

    public QueueSpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    public boolean isFifo() {
        return Boolean.TRUE.equals(fifo);
    }

    /** The queue's name in AWS. */
    public static String queueName(String environment, String name, boolean fifo) {
        return environment + "-" + name + (fifo ? FIFO_SUFFIX : "");
    }

    /** Encryption as compared: the type and, for KMS, the key. */
    public static Map<String, Object> encryption(String type, String kmsKeyId) {
        return kmsKeyId == null ? Map.of("type", type) : Map.of("type", type, "kmsKeyId", kmsKeyId);
    }

    /** The redrive policy as compared: the dead-letter queue's name in the spec and the receive count. */
    public static Map<String, Object> deadLetter(String queue, int maxReceiveCount) {
        return Map.of("queue", queue, "maxReceiveCount", maxReceiveCount);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (deadLetter != null && deadLetter.queue() != null) {
            references.add(Reference.ordering(KIND, deadLetter.queue(), DEAD_LETTER + ".queue"));
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(FIFO, isFifo())
                .put(VISIBILITY_TIMEOUT, visibilityTimeout)
                .put(MESSAGE_RETENTION, messageRetention)
                .put(DELIVERY_DELAY, deliveryDelay)
                .put(MAXIMUM_MESSAGE_SIZE, maximumMessageSize)
                .put(RECEIVE_WAIT_TIME, receiveWaitTime)
                .put(ENCRYPTION, encryption == null ? null
                        : encryption(encryption.type(), Encryption.KMS.equals(encryption.type()) ? encryption.kmsKeyId() : null))
                .put(DEAD_LETTER, deadLetter == null || deadLetter.maxReceiveCount() == null ? null
                        : deadLetter(deadLetter.queue(), deadLetter.maxReceiveCount()))
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(FIFO);
    }
}
