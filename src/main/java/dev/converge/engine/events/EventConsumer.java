package dev.converge.engine.events;

import dev.converge.aws.AwsClients;
import dev.converge.aws.events.EventQueue;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.engine.PassScope;
import dev.converge.engine.Reconciler;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Consumes one environment's event queue while this replica owns the environment: long-polls it, takes
 * what has arrived as one batch (a burst of events costs one pass), works out which kinds the batch
 * touched, runs one pass over those kinds, and only then deletes the batch. A consumer that dies before
 * the delete leaves the messages to come back after their visibility timeout; handling one twice finds
 * nothing left to do.
 */
public final class EventConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    /** Runs a pass over one environment; empty when it did not run (this replica does not own it, it left the spec). */
    @FunctionalInterface
    public interface Passes {
        Optional<PassReport> run(String environment, PassScope scope);
    }

    /**
     * @param receiveWait how long one receive waits for messages (at most 20 s)
     * @param visibility how long a received message stays hidden: longer than a pass over its kinds
     * @param maxBatch the most messages one pass handles
     * @param idle how long to wait before asking again, when not the owner or after an error
     */
    public record Settings(Duration receiveWait, Duration visibility, int maxBatch, Duration idle) {}

    private final String environment;
    private final Supplier<EventQueue> queues;
    private final Passes passes;
    private final Supplier<Optional<ObservedState>> observed;
    private final EnvironmentOwnership ownership;
    private final EventMetrics metrics;
    private final Settings settings;
    private volatile boolean stopped;
    private EventQueue queue;

    /**
     * @param clients the environment's clients, which reach its queue (found when first needed: it may not
     *                exist until a pass has made it)
     * @param reconciler whose last complete observation of the environment tells what an event's resource is
     */
    public EventConsumer(String environment, AwsClients clients, Passes passes, Reconciler reconciler,
            EnvironmentOwnership ownership, EventMetrics metrics, Settings settings) {
        this.environment = environment;
        this.queues = () -> EventQueue.of(clients, environment);
        this.passes = passes;
        this.observed = () -> reconciler.lastObserved(environment);
        this.ownership = ownership;
        this.metrics = metrics;
        this.settings = settings;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            if (!ownership.mayMutate(environment)) {
                pause();
                continue;
            }
            try {
                handleNext();
            } catch (RuntimeException e) {
                // a queue not created yet (the first pass makes it), a timeout, a missing permission
                metrics.recordQueueError(environment);
                queue = null;
                LOG.warnf("events of %s: %s; trying again in %d s", environment, e.getMessage(), settings.idle().toSeconds());
                pause();
            }
        }
    }

    /** Receives one batch and handles it; returns how many messages it held (0 when the wait ran out). */
    public int handleNext() {
        if (queue == null) {
            queue = queues.get();
        }
        List<EventQueue.Received> batch = new ArrayList<>(queue.receive(settings.receiveWait(), settings.visibility()));
        if (batch.isEmpty()) {
            return 0;
        }
        while (batch.size() < settings.maxBatch()) {
            List<EventQueue.Received> more = queue.receive(Duration.ZERO, settings.visibility());
            if (more.isEmpty()) {
                break;
            }
            batch.addAll(more);
        }
        if (handle(batch)) {
            queue.delete(batch);
        }
        return batch.size();
    }

    /** Whether the batch was handled, so that it may be deleted. */
    private boolean handle(List<EventQueue.Received> batch) {
        List<CloudTrailEvent> events = batch.stream().map(m -> CloudTrailEvent.parse(m.body())).flatMap(Optional::stream).toList();
        EventScope scope = EventScope.of(events, observed.get());
        scope.verdicts().forEach(v -> metrics.recordEvent(environment, v.event().service(), v.outcome() == EventScope.Outcome.MATCHED));
        LOG.infof("events of %s: %d message(s), %d matched, %d unmapped, %d unmanaged, %d ignored; re-observing %s",
                environment, batch.size(), count(scope, EventScope.Outcome.MATCHED), count(scope, EventScope.Outcome.UNMAPPED),
                count(scope, EventScope.Outcome.UNMANAGED), count(scope, EventScope.Outcome.IGNORED),
                scope.needsPass() ? scope.kinds() : "nothing");
        if (!scope.needsPass()) {
            return true;
        }
        Optional<PassReport> report = passes.run(environment, scope.scope());
        if (report.isEmpty()) {
            return false;
        }
        Set<ResourceKey> corrected = report.get().outcomes().stream()
                .filter(o -> o.result() == Outcome.Result.SUCCESS)
                .map(o -> o.change().key())
                .collect(Collectors.toSet());
        Instant now = Instant.now();
        scope.verdicts().stream()
                .filter(v -> v.resources().stream().anyMatch(corrected::contains))
                .forEach(v -> metrics.recordCorrected(environment, Duration.between(v.event().time(), now)));
        return true;
    }

    private static long count(EventScope scope, EventScope.Outcome outcome) {
        return scope.verdicts().stream().filter(v -> v.outcome() == outcome).count();
    }

    private void pause() {
        try {
            Thread.sleep(settings.idle().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
