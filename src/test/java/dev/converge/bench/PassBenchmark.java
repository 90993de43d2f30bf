package dev.converge.bench;

import dev.converge.aws.AwsOperations;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.CodeObjects;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Full passes over the example specs against moto: from empty, and steady state, with the AWS calls a
 * steady pass makes per operation (the batching contract: calls grow with kinds, not resources).
 * Prints numbers; asserts nothing about time. Run:
 * {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=PassBenchmark}.
 */
@Tag("benchmark")
class PassBenchmark {

    @Test
    void examplePasses() {
        DesiredState specs = SpecLoader.load(Path.of("specs"));
        try (Harness harness = new Harness()) {
            for (Environment environment : specs.environments().values()) {
                var resources = specs.resourcesOf(environment.name());
                CodeObjects.publishFor(harness, environment, resources);
                PassReport first = harness.pass(environment, resources);
                System.out.printf("BENCH pass %-8s resources=%3d from-empty   %6d ms  changes=%d%n",
                        environment.name(), resources.size(), first.duration().toMillis(), first.outcomes().size());
                Map<String, Double> before = calls(harness);
                long total = 0;
                int runs = 5;
                for (int i = 0; i < runs; i++) {
                    total += harness.pass(environment, resources).duration().toMillis();
                }
                Map<String, Double> steady = calls(harness);
                steady.replaceAll((operation, count) -> (count - before.getOrDefault(operation, 0.0)) / runs);
                steady.values().removeIf(count -> count == 0);
                System.out.printf("BENCH pass %-8s resources=%3d steady-state %6d ms  calls/pass=%s%n",
                        environment.name(), resources.size(), total / runs, steady);
            }
        }
    }

    private static Map<String, Double> calls(Harness harness) {
        Map<String, Double> byOperation = new TreeMap<>();
        for (Counter counter : harness.registry().find("converge.aws.api.calls").counters()) {
            String operation = counter.getId().getTag("operation");
            if (!AwsOperations.isMutating(operation)) {
                byOperation.merge(operation, counter.count(), Double::sum);
            }
        }
        return byOperation;
    }
}
