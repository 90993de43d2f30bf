package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {

    @Test
    void map_keepsTheItemsOrder() {
        List<Integer> items = IntStream.range(0, 50).boxed().toList();

        assertThat(BoundedParallel.map(items, 8, i -> i * 2))
                .containsExactlyElementsOf(items.stream().map(i -> i * 2).toList());
    }

    @Test
    void map_neverRunsMoreCallsAtOnceThanAllowed() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();

        BoundedParallel.map(IntStream.range(0, 40).boxed().toList(), 3, i -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sleep();
            inFlight.decrementAndGet();
            return i;
        });

        assertThat(peak.get()).isBetween(2, 3);
    }

    @Test
    void map_rethrowsTheCallersFailure() {
        IllegalStateException failure = new IllegalStateException("denied");

        assertThatThrownBy(() -> BoundedParallel.map(List.of(1, 2, 3), 2, i -> {
            if (i == 2) {
                throw failure;
            }
            return i;
        })).isSameAs(failure);
    }

    @Test
    void map_startsNoFurtherItemAfterAFailure_andRethrowsTheFirstInItemOrder() {
        AtomicInteger started = new AtomicInteger();
        IllegalStateException first = new IllegalStateException("item 3");

        assertThatThrownBy(() -> BoundedParallel.map(IntStream.range(0, 100).boxed().toList(), 2, i -> {
            started.incrementAndGet();
            if (i >= 3) {
                throw i == 3 ? first : new IllegalStateException("item " + i);
            }
            return i;
        })).isSameAs(first);
        assertThat(started.get()).as("items started").isLessThan(10);
    }

    @Test
    void map_reusesItsThreadsFromOneCallToTheNext() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 20; call++) {
            BoundedParallel.map(IntStream.range(0, 8).boxed().toList(), 4, i -> {
                threads.add(Thread.currentThread());
                sleep();
                return i;
            });
        }

        assertThat(threads).as("threads over 20 calls of 4 in flight").hasSizeLessThan(20);
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
