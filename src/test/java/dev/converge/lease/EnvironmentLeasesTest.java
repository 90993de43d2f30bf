package dev.converge.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas sharing environments through Leases on the fabric8 mock API server in CRUD mode, which
 * checks resourceVersion on updates as the real one does. Each replica has its own client and lease
 * manager; durations are short (2 s) and every wait is bounded generously: the tests assert the
 * condition reached, never how fast.
 */
class EnvironmentLeasesTest {

    private static final Set<String> ENVIRONMENTS = IntStream.rangeClosed(1, 9).mapToObj(i -> "env-" + i)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final Duration BOUND = Duration.ofSeconds(60);

    private KubernetesMockServer server;
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Replica replica : replicas) {
            replica.close();
        }
        server.destroy();
    }

    @Test
    void threeReplicasTakeThreeOfNineEnvironmentsEach() {
        Replica a = replica("converge-a").start();
        Replica b = replica("converge-b").start();
        Replica c = replica("converge-c").start();

        eventually(() -> a.owned().size() == 3 && b.owned().size() == 3 && c.owned().size() == 3
                && union(a, b, c).equals(ENVIRONMENTS), () -> "three each: " + owners());

        for (String environment : a.owned()) {
            Lease lease = lease(a.client, environment);
            assertThat(lease.getMetadata().getName()).isEqualTo("converge-" + environment);
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("converge-a");
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
        }
        for (Replica replica : List.of(a, b, c)) {
            for (String environment : ENVIRONMENTS) {
                assertThat(replica.registry.get("converge.environment.owned").tag("environment", environment).gauge().value())
                        .isEqualTo(replica.owned().contains(environment) ? 1.0 : 0.0);
            }
            assertThat(replica.registry.get("converge.lease.transitions").tag("transition", "acquired").counters())
                    .isNotEmpty();
        }
    }

    @Test
    void aCrashedReplicasEnvironmentsMoveToTheOthers() throws InterruptedException {
        Replica a = replica("converge-a").start();
        Replica b = replica("converge-b").start();
        Replica c = replica("converge-c").start();
        eventually(() -> a.owned().size() == 3 && b.owned().size() == 3 && c.owned().size() == 3, () -> "three each: " + owners());
        Set<String> orphaned = c.owned();

        c.crash();
        Map<String, Instant> lastRenewal = orphaned.stream().collect(Collectors.toMap(e -> e,
                e -> lease(a.client, e).getSpec().getRenewTime().toInstant()));
        eventually(() -> union(a, b).equals(ENVIRONMENTS), () -> "a and b own everything: " + owners());
        System.out.printf("environments of a crashed replica taken over %s ms after its last renewal (lease duration %d ms)%n",
                orphaned.stream().map(e -> Duration.between(lastRenewal.get(e), lease(a.client, e).getSpec().getAcquireTime()
                        .toInstant()).toMillis()).sorted().toList(), Replica.DURATION.toMillis());

        assertThat(a.owned()).doesNotContainAnyElementsOf(b.owned());
        assertThat(a.owned().size()).isLessThanOrEqualTo(5);
        assertThat(b.owned().size()).isLessThanOrEqualTo(5);
        for (String environment : orphaned) {
            Lease lease = lease(a.client, environment);
            assertThat(lease.getSpec().getHolderIdentity()).isIn("converge-a", "converge-b");
            assertThat(lease.getSpec().getLeaseTransitions()).isPositive();
        }
    }

    @Test
    void aStoppedReplicaHandsItsEnvironmentsOverAndTheLastOneTakesThemAll() throws InterruptedException {
        Replica a = replica("converge-a").start();
        Replica b = replica("converge-b").start();
        eventually(() -> a.owned().size() + b.owned().size() == 9 && Math.abs(a.owned().size() - b.owned().size()) == 1 && union(a, b).equals(ENVIRONMENTS),
                () -> "five and four: " + owners());

        b.stop();
        assertThat(b.owned()).isEmpty();
        assertThat(b.registry.get("converge.lease.transitions").tag("transition", "released").counters()).isNotEmpty();
        assertThat(a.client.leases().inNamespace("converge-system").withName("converge-member-converge-b").get()).isNull();
        eventually(() -> a.owned().equals(ENVIRONMENTS), () -> "a owns everything: " + owners());
    }

    @Test
    void twoReplicasNeverMutateOneEnvironmentAtTheSameTime() throws InterruptedException {
        Mutations mutations = new Mutations();
        List<Replica> cluster = new ArrayList<>(List.of(replica("converge-a"), replica("converge-b"), replica("converge-c")));
        cluster.forEach(Replica::start);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        Runnable startWorkers = () -> cluster.stream().filter(r -> workers.stream().noneMatch(w -> w.getName().equals(r.identity)))
                .forEach(r -> {
                    Thread worker = new Thread(() -> mutations.run(r, running), r.identity);
                    workers.add(worker);
                    worker.start();
                });
        startWorkers.run();

        // Churn: start-up, a crash, a replica joining (the others let go of what is over their share), a shutdown.
        eventually(() -> cluster.stream().allMatch(r -> r.owned().size() == 3), () -> "three each: " + owners());
        cluster.get(2).crash();
        eventually(() -> union(cluster.get(0), cluster.get(1)).equals(ENVIRONMENTS), () -> "a and b own everything: " + owners());
        cluster.add(replica("converge-d").start());
        startWorkers.run();
        eventually(() -> cluster.get(3).owned().size() >= 2, () -> "d takes a share: " + owners());
        cluster.get(0).stop();
        eventually(() -> union(cluster.get(1), cluster.get(3)).equals(ENVIRONMENTS), () -> "b and d own everything: " + owners());
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }

        mutations.assertNoOverlap();
        Map<String, Set<String>> mutators = mutations.ownersByEnvironment();
        assertThat(mutators.keySet()).isEqualTo(ENVIRONMENTS);
        assertThat(mutators.values().stream().filter(owners -> owners.size() > 1))
                .as("environments that changed hands while being mutated").hasSizeGreaterThanOrEqualTo(3);
        System.out.printf("mutations by environment and owner: %s%n", mutations.counts());
    }

    /**
     * Told of what it takes, a replica converges an environment at once rather than at its next tick; told
     * of what it stops holding, it withdraws what its passes reported about it.
     */
    @Test
    void aReplicaIsToldOfEveryEnvironmentItTakesAndOfEveryOneItStopsHolding() throws InterruptedException {
        Replica a = replica("converge-a").start();
        Replica b = replica("converge-b").start();
        eventually(() -> union(a, b).equals(ENVIRONMENTS) && a.owned().size() + b.owned().size() == 9, () -> "a and b own everything: " + owners());
        eventually(() -> Set.copyOf(a.acquired).equals(a.owned()) && Set.copyOf(b.acquired).equals(b.owned()),
                () -> "each told of what it took: a " + a.acquired + ", b " + b.acquired + "; " + owners());
        Set<String> ofB = b.owned();

        b.stop();
        assertThat(b.relinquished).as("b hands back everything it held").containsExactlyInAnyOrderElementsOf(ofB);
        eventually(() -> a.owned().equals(ENVIRONMENTS), () -> "a owns everything: " + owners());
        assertThat(a.acquired).as("a is told of b's environments as it takes them").containsAll(ofB);
        assertThat(a.relinquished).isEmpty();
    }

    @Test
    void aReplicaThatCannotReachTheApiServerStopsMutatingBeforeItsLeasesExpire() {
        Replica a = replica("converge-a").start();
        Replica b = replica("converge-b").start();
        Replica c = replica("converge-c").start();
        eventually(() -> a.owned().size() == 3 && b.owned().size() == 3 && c.owned().size() == 3, () -> "three each: " + owners());

        c.client.close();
        Instant expiry = c.owned().isEmpty() ? Instant.MIN : ENVIRONMENTS.stream().map(e -> lease(a.client, e))
                .filter(l -> "converge-c".equals(l.getSpec().getHolderIdentity()))
                .map(l -> l.getSpec().getRenewTime().toInstant().plusSeconds(l.getSpec().getLeaseDurationSeconds()))
                .min(Instant::compareTo).orElseThrow();
        eventually(() -> c.owned().isEmpty(), () -> "c stops mutating: " + owners());
        Instant stopped = Instant.now();

        assertThat(stopped).as("c stopped mutating before its leases expired for the others").isBefore(expiry);
        ENVIRONMENTS.forEach(e -> assertThat(c.leases.mayMutate(e)).isFalse());
        eventually(() -> union(a, b).equals(ENVIRONMENTS), () -> "a and b take over: " + owners());
        eventually(() -> Set.copyOf(c.relinquished).equals(Set.copyOf(c.acquired)),
                () -> "c is told it lost everything it took (" + c.acquired + "): " + c.relinquished);
        System.out.printf("unreachable replica stopped mutating %d ms before its first lease expired%n",
                Duration.between(stopped, expiry).toMillis());
    }

    /** The mutating steps of every replica: each checks mayMutate before a step, as the executor does. */
    private static final class Mutations {

        private record Step(String owner, long start, long end) {}

        private final Map<String, List<Step>> steps = new ConcurrentHashMap<>();

        void run(Replica replica, AtomicBoolean running) {
            while (running.get()) {
                for (String environment : ENVIRONMENTS) {
                    if (replica.leases.mayMutate(environment)) {
                        long start = System.nanoTime();
                        sleep(1);
                        steps.computeIfAbsent(environment, e -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(new Step(replica.identity, start, System.nanoTime()));
                    }
                }
                sleep(1);
            }
        }

        /** Steps in start order: each must begin after every step of another owner has ended. */
        void assertNoOverlap() {
            steps.forEach((environment, list) -> {
                Map<String, Long> lastEnd = new HashMap<>();
                list.stream().sorted(java.util.Comparator.comparingLong(Step::start)).forEach(step -> {
                    lastEnd.forEach((owner, end) -> {
                        if (!owner.equals(step.owner()) && end - step.start() >= 0) {
                            fail("%s: %s mutated while %s still was", environment, step.owner(), owner);
                        }
                    });
                    lastEnd.merge(step.owner(), step.end(), Math::max);
                });
            });
        }

        Map<String, Set<String>> ownersByEnvironment() {
            Map<String, Set<String>> owners = new HashMap<>();
            steps.forEach((environment, list) -> owners.put(environment,
                    list.stream().map(Step::owner).collect(Collectors.toCollection(TreeSet::new))));
            return owners;
        }

        Map<String, Map<String, Long>> counts() {
            Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
            steps.forEach((environment, list) -> counts.put(environment,
                    list.stream().collect(Collectors.groupingBy(Step::owner, java.util.TreeMap::new, Collectors.counting()))));
            return counts;
        }
    }

    private Replica replica(String identity) {
        Replica replica = new Replica(identity, server.createClient(), () -> ENVIRONMENTS);
        replicas.add(replica);
        return replica;
    }

    private static Lease lease(KubernetesClient client, String environment) {
        return client.leases().inNamespace("converge-system").withName("converge-" + environment).get();
    }

    private static Set<String> union(Replica... replicas) {
        Set<String> all = new HashSet<>();
        for (Replica replica : replicas) {
            all.addAll(replica.owned());
        }
        return all;
    }

    private String owners() {
        return replicas.stream().map(r -> r.identity + "=" + r.owned()).collect(Collectors.joining(", "));
    }

    private static void eventually(BooleanSupplier condition, Supplier<String> expected) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within %s: %s", BOUND, expected.get());
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
