package dev.converge.aws.events;

import dev.converge.aws.AwsClients;
import dev.converge.model.EventRuleSpec;
import dev.converge.model.QueueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * Converge's event queue in one environment, as its consumer reads it: long-polled receives of up to
 * ten messages, and batched deletes once they are handled. A message that is received and not deleted
 * comes back after its visibility timeout, so a consumer that dies mid-batch loses nothing.
 */
public final class EventQueue {

    /** SQS's most messages per receive and per delete batch. */
    static final int BATCH = 10;

    /** One received message: what to delete it by, and its body. */
    public record Received(String receiptHandle, String body) {}

    private final SqsClient sqs;
    private final String url;

    private EventQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** The environment's event queue, which its event rule feeds ({@code <environment>-converge-events}). */
    public static EventQueue of(AwsClients clients, String environment) {
        SqsClient sqs = clients.sqs();
        String name = QueueSpec.queueName(environment, EventRuleSpec.CONVERGE_QUEUE, false);
        return new EventQueue(sqs, sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
    }

    /**
     * Waits up to {@code wait} (SQS allows 20 s) for messages, returning as soon as any arrive.
     *
     * @param visibility how long the messages stay hidden from other receives before they come back
     */
    public List<Received> receive(Duration wait, Duration visibility) {
        return sqs.receiveMessage(r -> r.queueUrl(url)
                        .maxNumberOfMessages(BATCH)
                        .waitTimeSeconds((int) Math.min(20, wait.toSeconds()))
                        .visibilityTimeout((int) visibility.toSeconds()))
                .messages().stream()
                .map(m -> new Received(m.receiptHandle(), m.body()))
                .toList();
    }

    public void delete(List<Received> messages) {
        for (int i = 0; i < messages.size(); i += BATCH) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Received> batch = messages.subList(i, Math.min(messages.size(), i + BATCH));
            for (int j = 0; j < batch.size(); j++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(j)).receiptHandle(batch.get(j).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(entries));
        }
    }
}
