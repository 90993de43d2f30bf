package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
