package dev.converge.bench;

import dev.converge.aws.AwsClients;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassReport;
import dev.converge.engine.events.EventConsumer;
import dev.converge.metrics.EventMeters;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.testing.Harness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The estate with {@code converge.events.enabled} and a long interval, against polling alone: what a minute
 * of watching costs in AWS calls, and how long an out-of-band change stays before it is put right. Each
 * environment gets a consumer as {@code serve} starts one (the production {@link EventConsumer} and its
 * default settings), passes tick every {@link #LONG_INTERVAL}, and the changes are announced by the
 * CloudTrail-shaped events moto does not emit itself.
 */
final class EventsPhase {

    static final Duration LONG_INTERVAL = Duration.ofMinutes(10);
    /** As {@code converge.events.*} defaults them: receive-wait, visibility-timeout, max-batch, retry-delay. */
    private static final EventConsumer.Settings DEFAULTS =
            new EventConsumer.Settings(Duration.ofSeconds(20), Duration.ofSeconds(300), 500, Duration.ofSeconds(5));
    private static final Duration QUIET_MINUTE = Duration.ofMinutes(1);
    /** Long enough for each consumer's first receive: its queue's URL and its role's credentials are one-off calls. */
    private static final Duration WARM_UP = Duration.ofSeconds(25);

    /** What polling alone cost and how long it took to see the same changes. */
    record Polling(long callsPerCycle, Duration cycleWall, Duration interval, List<DriftProbe.Latency> latencies) {

        double callsPerMinute() {
            long every = Math.max(interval.toMillis(), cycleWall.toMillis());
            return callsPerCycle * 60_000.0 / every;
        }
    }

    private EventsPhase() {}

    static void measure(Harness harness, Map<Environment, List<Resource>> estate, ExecutorService pool, AtomicBoolean eventsOn,
            List<OutOfBandChange> changes, Polling polling) throws InterruptedException {
        eventsOn.set(true);
        CallCounts before = CallCounts.of(harness.registry());
        long left = Long.MAX_VALUE;
        for (int i = 0; i < 3 && left > 0; i++) {
            left = Cycle.workLeft(Cycle.run(harness, estate, pool));
        }
        CallCounts setup = CallCounts.of(harness.registry()).since(before);
        print("events on: the cycle that set up %d rules and %d queues made %d calls (%d mutating), %d steps left",
                estate.size(), 2 * estate.size(), setup.total(), setup.mutating(), left);

        List<Consumer> consumers = estate.entrySet().stream().map(e -> Consumer.start(harness, e.getKey(), e.getValue())).toList();
        List<DriftProbe.Latency> latencies;
        CallCounts quiet;
        try (TickLoop loop = new TickLoop(harness, estate, LONG_INTERVAL, LONG_INTERVAL)) {
            Thread.sleep(WARM_UP.toMillis());
            CallCounts start = CallCounts.of(harness.registry());
            Thread.sleep(QUIET_MINUTE.toMillis());
            quiet = CallCounts.of(harness.registry()).since(start);
            latencies = DriftProbe.measure(harness, changes.stream().map(OutOfBandChange::announced).toList(), Duration.ofMinutes(2));
        } finally {
            consumers.forEach(Consumer::stop);
        }
        long eventPasses = consumers.stream().mapToLong(c -> c.passes.size()).sum();
        double withEvents = quiet.total() + polling.callsPerCycle() / (double) LONG_INTERVAL.toMinutes();
        print("  a quiet minute with %d consumers: %d calls (%s)", consumers.size(), quiet.total(), quiet.summary());
        print("  calls per minute: events on with a pass every %d min %.0f (%d + %d / %d); polling alone every %d s %.0f (%d per cycle, cycles of %s); %.1fx fewer",
                LONG_INTERVAL.toMinutes(), withEvents, quiet.total(), polling.callsPerCycle(), LONG_INTERVAL.toMinutes(),
                polling.interval().toSeconds(), polling.callsPerMinute(), polling.callsPerCycle(), seconds(polling.cycleWall()),
                polling.callsPerMinute() / withEvents);
        for (int i = 0; i < latencies.size(); i++) {
            DriftProbe.Latency events = latencies.get(i);
            DriftProbe.Latency polled = polling.latencies().get(i);
            print("  out-of-band %s %s in %s: with events drift metric after %s, AWS repaired after %s; polling every %d s %s / %s",
                    events.change().kind(), events.change().description(), events.change().environment(), seconds(events.seen()),
                    seconds(events.repaired()), polling.interval().toSeconds(), seconds(polled.seen()), seconds(polled.repaired()));
        }
        print("  event passes: %d for %d events", eventPasses, changes.size());

        eventsOn.set(false);
        CallCounts off = CallCounts.of(harness.registry());
        Cycle.run(harness, estate, pool);
        print("events off: the next cycle removed them with %d mutating calls", CallCounts.of(harness.registry()).since(off).mutating());
    }

    /** One environment's consumer on a thread of its own, its passes kept. */
    private record Consumer(EventConsumer consumer, Thread thread, AwsClients clients, List<PassReport> passes) {

        static Consumer start(Harness harness, Environment environment, List<Resource> resources) {
            AwsClients clients = harness.convergeClients(environment);
            List<PassReport> passes = new ArrayList<>();
            EventConsumer consumer = new EventConsumer(environment.name(), clients,
                    (name, scope) -> {
                        PassReport report = harness.pass(environment, resources, scope);
                        synchronized (passes) {
                            passes.add(report);
                        }
                        return Optional.of(report);
                    },
                    harness.reconciler(), EnvironmentOwnership.EVERYTHING,
                    new EventMeters(harness.registry()), DEFAULTS);
            Thread thread = new Thread(consumer, "bench-events-" + environment.name());
            thread.setDaemon(true);
            thread.start();
            return new Consumer(consumer, thread, clients, passes);
        }

        void stop() {
            consumer.stop();
            thread.interrupt();
            clients.close();
        }
    }

    private static String seconds(Duration duration) {
        return duration == null ? "never" : "%.2f s".formatted(duration.toMillis() / 1000.0);
    }

    private static void print(String format, Object... args) {
        System.out.println("BENCH " + format.formatted(args));
    }
}
