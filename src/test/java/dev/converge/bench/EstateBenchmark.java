package dev.converge.bench;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.aws.AwsSettings;
import dev.converge.aws.ResilienceSettings;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.spec.DesiredState;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Synthetic estates of N resources converged against moto: from empty, a no-drift cycle against the
 * minimum number of calls and against a per-resource refresher, memory, and the time from an
 * out-of-band change to its repair, then the same with events on and a long interval. Prints numbers;
 * asserts nothing about time. Run with {@code bench/estate.sh 100,1000} (see docs/benchmarks.md); {@code
 * -Destate.sizes}, {@code -Destate.cycles}, {@code -Destate.interval} (seconds) and {@code -Destate.events}
 * choose what it measures.
 */
@Tag("benchmark")
class EstateBenchmark {

    private static final int FROM_EMPTY_CYCLES = 6;

    /**
     * The service's defaults from application.properties ({@code converge.aws.retry.*}, {@code
     * circuit-breaker.*}, {@code rate-limit.per-second}), so a pass is paced as in production; {@code
     * -Destate.rate-limit} lifts the pacing.
     */
    private static ResilienceSettings production(int ratePerSecond) {
        return new ResilienceSettings(5, Duration.ofMillis(200), Duration.ofSeconds(10), 50, Duration.ofSeconds(30), 10, ratePerSecond);
    }

    @Test
    void estates() throws InterruptedException {
        int cycles = Integer.getInteger("estate.cycles", 3);
        Duration interval = Duration.ofSeconds(Integer.getInteger("estate.interval", 15));
        EstateLayout.Accounts accounts = EstateLayout.Accounts.valueOf(System.getProperty("estate.accounts", "mixed").toUpperCase(Locale.ROOT));
        ResilienceSettings resilience = production(Integer.getInteger("estate.rate-limit", 20));
        boolean events = Boolean.parseBoolean(System.getProperty("estate.events", "true"));
        for (String size : System.getProperty("estate.sizes", "100,1000").split(",")) {
            run(EstateLayout.of(Integer.parseInt(size.trim()), accounts), resilience, cycles, interval, events);
        }
    }

    private static void run(EstateLayout layout, ResilienceSettings resilience, int cycles, Duration interval, boolean events)
            throws InterruptedException {
        DesiredState state = EstateSpec.write(layout, Path.of("target", "bench-estate", Integer.toString(layout.resources())));
        Map<Environment, List<Resource>> estate = new LinkedHashMap<>();
        layout.environments().forEach(p -> estate.put(state.environments().get(p.name()), state.resourcesOf(p.name())));
        print("## N = %d: %d environments in %d accounts (%s), %d cells of %d resources; %d calls/s per account and service",
                layout.resources(), estate.size(), layout.accounts(), layout.environments(), layout.cells(), EstateSpec.CELL_SIZE,
                resilience.ratePerSecond());
        ExecutorService pool = Executors.newFixedThreadPool(TickLoop.MAX_PARALLEL_ENVIRONMENTS);
        AtomicBoolean eventsOn = new AtomicBoolean(false);
        try (Harness harness = Harness.withEvents(Moto.server().endpoint(), resilience, eventsOn::get)) {
            fromEmpty(harness, estate, pool);
            Measured noDrift = noDrift(harness, state, estate, pool, cycles);
            print("memory after the no-drift cycles: %s", ProcessMeter.Memory.now());
            baseline(harness, estate, pool, cycles, noDrift);
            List<OutOfBandChange> changes = changes(harness, estate);
            List<DriftProbe.Latency> polled = drift(harness, estate, interval, noDrift.wall(), changes);
            if (events) {
                EventsPhase.measure(harness, estate, pool, eventsOn, changes,
                        new EventsPhase.Polling(noDrift.calls(), noDrift.wall(), interval, polled));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void fromEmpty(Harness harness, Map<Environment, List<Resource>> estate, ExecutorService pool) {
        CallCounts before = CallCounts.of(harness.registry());
        ProcessMeter.Sample start = ProcessMeter.Sample.now();
        long left = Long.MAX_VALUE;
        int cycle = 0;
        while (left > 0 && cycle < FROM_EMPTY_CYCLES) {
            List<PassReport> reports = Cycle.run(harness, estate, pool);
            left = Cycle.workLeft(reports);
            cycle++;
            reports.stream().filter(r -> r.error() != null).forEach(r -> print("  pass over %s failed: %s", r.environment(), r.error()));
        }
        ProcessMeter.Usage usage = start.until(ProcessMeter.Sample.now());
        CallCounts calls = CallCounts.of(harness.registry()).since(before);
        print("from empty: %s in %d cycle(s), %d calls (%d mutating), %d steps left; JVM CPU %s, moto CPU %s",
                seconds(usage.wall()), cycle, calls.total(), calls.mutating(), left, seconds(usage.jvmCpu()), seconds(usage.motoCpu()));
    }

    /** What a no-drift cycle of Converge cost, to set the baseline against. */
    private record Measured(long calls, Duration wall) {}

    private static Measured noDrift(
            Harness harness, DesiredState state, Map<Environment, List<Resource>> estate, ExecutorService pool, int cycles) {
        CallCounts before = CallCounts.of(harness.registry());
        ProcessMeter.Sample start = ProcessMeter.Sample.now();
        List<Duration> passes = new ArrayList<>();
        long changes = 0;
        List<ProcessMeter.Usage> perCycleUsage = new ArrayList<>();
        ProcessMeter.Sample cycleStart = start;
        for (int i = 0; i < cycles; i++) {
            for (PassReport report : Cycle.run(harness, estate, pool)) {
                passes.add(report.duration());
                changes += report.detected() == null ? 0 : report.detected().executable().size();
            }
            ProcessMeter.Sample cycleEnd = ProcessMeter.Sample.now();
            perCycleUsage.add(cycleStart.until(cycleEnd));
            cycleStart = cycleEnd;
        }
        ProcessMeter.Usage usage = start.until(ProcessMeter.Sample.now());
        CallCounts calls = CallCounts.of(harness.registry()).since(before);
        Map<String, Long> minimum = MinimumCalls.of(state);
        long perCycle = calls.total() / cycles;
        long minimumTotal = minimum.values().stream().mapToLong(Long::longValue).sum();
        print("no-drift cycle: %d calls per cycle, minimum %d, actual/minimum %.2f; %d change(s) planned over %d cycles",
                perCycle, minimumTotal, (double) perCycle / minimumTotal, changes, cycles);
        print("  cycle wall %s; pass wall min/median/max %s; JVM CPU %s per cycle = %.1f%% of the cycle's wall time; moto CPU %s per cycle",
                seconds(usage.wall().dividedBy(cycles)), spread(passes), seconds(usage.jvmCpu().dividedBy(cycles)),
                100 * usage.jvmShare(), seconds(usage.motoCpu().dividedBy(cycles)));
        for (int i = 0; i < perCycleUsage.size(); i++) {
            ProcessMeter.Usage cycle = perCycleUsage.get(i);
            print("  cycle %d: wall %s, JVM CPU %s = %.1f%% (of which JIT compilers %s, collector %s)", i + 1,
                    seconds(cycle.wall()), seconds(cycle.jvmCpu()), 100 * cycle.jvmShare(), seconds(cycle.jit()), seconds(cycle.gc()));
        }
        print("  | service | operation | calls per cycle | minimum |");
        print("  |---|---|---|---|");
        Map<String, Long> unmatched = new TreeMap<>(minimum);
        new TreeMap<>(calls.perCycle(cycles).byOperation()).forEach((key, count) -> {
            String operation = CallCounts.operation(key);
            print("  | %s | `%s` | %d | %s |", key.substring(0, key.indexOf(':')), operation, count,
                    Optional.ofNullable(unmatched.remove(operation)).map(String::valueOf).orElse("0"));
        });
        unmatched.forEach((operation, count) -> print("  | | `%s` | 0 | %d |", operation, count));
        return new Measured(perCycle, usage.wall().dividedBy(cycles));
    }

    private static void baseline(
            Harness harness, Map<Environment, List<Resource>> estate, ExecutorService pool, int cycles, Measured converge) {
        List<StateFile> states = estate.entrySet().stream()
                .map(e -> StateFile.of(e.getKey(), e.getValue(), harness.aws(e.getKey())))
                .toList();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AwsClientFactory counted = new AwsClientFactory(
                new AwsSettings(Optional.of(Moto.server().endpoint()), "us-east-1", Duration.ofSeconds(60), Harness.RESILIENCE), registry);
        List<AwsClients> clients = states.stream().map(s -> counted.clientsFor(s.environment())).toList();
        try {
            // one unmeasured cycle: the refresher's credentials and JIT warm up as Converge's did from empty
            refreshAll(states, clients, pool);
            CallCounts before = CallCounts.of(registry);
            ProcessMeter.Sample start = ProcessMeter.Sample.now();
            for (int i = 0; i < cycles; i++) {
                refreshAll(states, clients, pool);
            }
            ProcessMeter.Usage usage = start.until(ProcessMeter.Sample.now());
            CallCounts calls = CallCounts.of(registry).since(before);
            long resources = states.stream().mapToLong(s -> s.entries().size()).sum();
            long perCycle = calls.total() / cycles;
            Duration wall = usage.wall().dividedBy(cycles);
            print("per-resource refresher: %d resources, %d calls per cycle, %s per cycle; JVM CPU %s per cycle",
                    resources, perCycle, seconds(wall), seconds(usage.jvmCpu().dividedBy(cycles)));
            print("  calls per cycle: %s", calls.perCycle(cycles).summary());
            print("  refresher/Converge: %.1fx the calls, %.1fx the wall time", (double) perCycle / converge.calls(),
                    (double) wall.toNanos() / converge.wall().toNanos());
        } finally {
            clients.forEach(AwsClients::close);
        }
    }

    /** A security group's rule revoked in the last environment, a bucket's versioning suspended in the first. */
    private static List<OutOfBandChange> changes(Harness harness, Map<Environment, List<Resource>> estate) {
        List<Environment> environments = new ArrayList<>(estate.keySet());
        Environment first = environments.get(0);
        Environment last = environments.get(environments.size() - 1);
        StateFile lastState = StateFile.of(last, estate.get(last), harness.aws(last));
        return List.of(
                OutOfBandChange.revokeRule(last.name(), lastState.idOf("SecurityGroup", "c00-bastion"), harness.aws(last)),
                OutOfBandChange.suspendVersioning(first.name(), EstateSpec.bucketName(first.name(), "c00", "assets"), harness.aws(first)));
    }

    /** A change made during a pass may wait for that pass and the next: the wait allows for both, and more. */
    private static List<DriftProbe.Latency> drift(Harness harness, Map<Environment, List<Resource>> estate, Duration interval,
            Duration cycle, List<OutOfBandChange> changes) throws InterruptedException {
        List<DriftProbe.Latency> latencies;
        try (TickLoop loop = new TickLoop(harness, estate, interval)) {
            // the change lands a third into the second interval, not in step with a tick
            Thread.sleep(interval.toMillis() + interval.toMillis() / 3);
            latencies = DriftProbe.measure(harness, changes, interval.multipliedBy(2).plus(cycle.multipliedBy(4)));
        }
        for (DriftProbe.Latency latency : latencies) {
            print("out-of-band %s %s in %s: drift metric after %s, AWS repaired after %s (interval %s)",
                    latency.change().kind(), latency.change().description(), latency.change().environment(),
                    seconds(latency.seen()), seconds(latency.repaired()), seconds(interval));
        }
        return latencies;
    }

    private static void refreshAll(List<StateFile> states, List<AwsClients> clients, ExecutorService pool) {
        List<CompletableFuture<Void>> refreshes = new ArrayList<>();
        for (int e = 0; e < states.size(); e++) {
            StateFile state = states.get(e);
            AwsClients aws = clients.get(e);
            refreshes.add(CompletableFuture.runAsync(() -> RefresherBaseline.refresh(state.entries(), aws), pool));
        }
        refreshes.forEach(CompletableFuture::join);
    }

    private static String spread(List<Duration> durations) {
        Duration[] sorted = durations.stream().sorted().toArray(Duration[]::new);
        return Arrays.stream(new Duration[] {sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]})
                .map(EstateBenchmark::seconds).reduce((a, b) -> a + "/" + b).orElse("");
    }

    private static String seconds(Duration duration) {
        return duration == null ? "never" : "%.2f s".formatted(duration.toMillis() / 1000.0);
    }

    private static void print(String format, Object... args) {
        System.out.println("BENCH " + format.formatted(args));
    }
}
