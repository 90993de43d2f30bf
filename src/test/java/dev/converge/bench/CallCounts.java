package dev.converge.bench;

import dev.converge.aws.AwsOperations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** AWS calls by {@code service:Operation}, as the call observer counts them in a registry. */
record CallCounts(Map<String, Long> byOperation) {

    CallCounts {
        byOperation = Map.copyOf(byOperation);
    }

    static CallCounts of(MeterRegistry registry) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter counter : registry.find("converge.aws.api.calls").counters()) {
            String key = counter.getId().getTag("service") + ":" + counter.getId().getTag("operation");
            counts.merge(key, (long) counter.count(), Long::sum);
        }
        return new CallCounts(counts);
    }

    /** The calls made since {@code earlier}. */
    CallCounts since(CallCounts earlier) {
        Map<String, Long> delta = new TreeMap<>();
        byOperation.forEach((operation, count) -> {
            long made = count - earlier.byOperation.getOrDefault(operation, 0L);
            if (made > 0) {
                delta.put(operation, made);
            }
        });
        return new CallCounts(delta);
    }

    long total() {
        return byOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    long mutating() {
        return byOperation.entrySet().stream()
                .filter(e -> AwsOperations.isMutating(e.getKey().substring(e.getKey().indexOf(':') + 1)))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The calls of one of {@code cycles} alike cycles. */
    CallCounts perCycle(int cycles) {
        Map<String, Long> per = new TreeMap<>();
        byOperation.forEach((operation, count) -> per.put(operation, count / cycles));
        return new CallCounts(per);
    }

    static String operation(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    String summary() {
        return new TreeMap<>(byOperation).entrySet().stream().map(e -> operation(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
