package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.assertSingleError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.QueueSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.TopicSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Validation of queues and topics: located errors for what SQS and SNS would refuse. */
class MessagingChecksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            queue-visibility-out-of-range.yaml           | 9  | 27 | spec.visibilityTimeout: must be between 0 and 43200, got 43201
            queue-retention-out-of-range.yaml            | 10 | 21 | spec.messageRetention: must be between 60 and 1209600, got 59
            queue-delay-out-of-range.yaml                | 10 | 18 | spec.deliveryDelay: must be between 0 and 900, got 901
            queue-message-size-out-of-range.yaml         | 10 | 23 | spec.maximumMessageSize: must be between 1024 and 262144, got 1023
            queue-fifo-dead-letter-of-standard.yaml      | 16 | 23 | spec.deadLetter.queue: Queue 'jobs-dlq' is standard and this queue is FIFO; SQS requires a dead-letter queue of the same type
            queue-kms-without-key.yaml                   | 10 | 3  | spec.encryption.kmsKeyId is required
            queue-reserved-name.yaml                     | 8  | 18 | metadata.name: the queue name 'converge-events' is Converge's own (its event queue, see converge.events.enabled); choose another
            topic-fifo-subscribed-by-standard-queue.yaml | 17 | 15 | spec.subscriptions[0].queue: Queue 'jobs' is standard and the topic is FIFO; SNS delivers FIFO topics only to FIFO queues
            topic-standard-subscribed-by-fifo-queue.yaml | 16 | 15 | spec.subscriptions[0].queue: Queue 'orders' is FIFO and the topic is standard; SNS delivers standard topics only to standard queues
            topic-queue-of-another-environment.yaml      | 21 | 15 | spec.subscriptions[0].queue: Queue 'jobs' is not defined in environment 'dev'; it is declared in environment 'prod', and references stay within an environment
            topic-undeclared-queue.yaml                  | 11 | 15 | spec.subscriptions[0].queue: Queue 'jobs' is not defined in environment 'prod'
            topic-filter-policy-not-a-mapping.yaml       | 16 | 35 | spec.subscriptions[0].filterPolicy: a filter policy is a mapping (or a JSON string of one)
            """)
    void validate_reportsABrokenQueueOrTopicOnce_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @Test
    void aDeadLetterQueueIsCreatedBeforeTheQueueNamingIt_andQueuesBeforeTheTopicSubscribingThem() {
        DesiredState state = SpecLoader.load(Path.of("src/test/resources/specs/messaging/messaging.yaml"));
        Resource jobs = state.resourcesOf("mq").stream().filter(r -> r.key().equals(ResourceKey.of(QueueSpec.KIND, "jobs"))).findFirst().orElseThrow();
        Resource topic = state.resourcesOf("mq").stream().filter(r -> r.kind().equals(TopicSpec.KIND)).findFirst().orElseThrow();

        assertThat(jobs.references()).extracting(r -> r.target()).containsExactly(ResourceKey.of(QueueSpec.KIND, "jobs-dlq"));
        assertThat(topic.references()).extracting(r -> r.target())
                .containsExactly(ResourceKey.of(QueueSpec.KIND, "jobs"), ResourceKey.of(QueueSpec.KIND, "emails"));
        assertThat(List.of(jobs, topic)).allSatisfy(r -> assertThat(r.references()).allMatch(ref -> ref.ordering()));
    }
}
