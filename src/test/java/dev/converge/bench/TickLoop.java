package dev.converge.bench;

import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.testing.Harness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Passes on a schedule as the service's controller runs them: every interval a pass starts over each
 * environment that has none running, up to four at once (the default {@code max-parallel-environments}),
 * and a tick never waits for a slow environment.
 */
final class TickLoop implements AutoCloseable {

    static final int MAX_PARALLEL_ENVIRONMENTS = 4;

    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService passes = Executors.newFixedThreadPool(MAX_PARALLEL_ENVIRONMENTS);
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    TickLoop(Harness harness, Map<Environment, List<Resource>> estate, Duration interval) {
        this(harness, estate, interval, Duration.ZERO);
    }

    /** @param firstTick how long after now the first tick comes */
    TickLoop(Harness harness, Map<Environment, List<Resource>> estate, Duration interval, Duration firstTick) {
        ticks.scheduleAtFixedRate(() -> estate.forEach((environment, resources) -> {
            if (busy.add(environment.name())) {
                passes.submit(() -> {
                    try {
                        harness.pass(environment, resources);
                    } finally {
                        busy.remove(environment.name());
                    }
                });
            }
        }), firstTick.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        ticks.shutdownNow();
        passes.shutdown();
        passes.awaitTermination(10, TimeUnit.MINUTES);
    }
}
