package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.metrics.ConvergeMetrics;
import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.spec.SpecFixtures;
import dev.converge.testing.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Bad input never reaches AWS: with a converged environment in force, every broken spec of the corpus
 * dropped next to the good one is rejected with its located errors, the good revision stays in force,
 * and the pass that follows makes no mutating AWS call.
 */
class BadInputIT {

    private static final String GOOD_SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: good}
            spec: {region: us-east-1, tags: {team: platform}}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: good}
            spec: {cidr: 10.70.0.0/16}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Subnet
            metadata: {name: app-a, environment: good}
            spec: {vpc: main, zone: us-east-1a, cidr: 10.70.0.0/24}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: SecurityGroup
            metadata: {name: web, environment: good}
            spec:
              vpc: main
              description: web
              ingress:
                - {protocol: tcp, ports: 443, from: {cidr: 0.0.0.0/0}}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: converge-bad-input-good, environment: good}
            spec: {versioning: true}
            """;

    private final Harness harness = new Harness();

    @TempDir
    Path specs;

    @TempDir
    Path generated;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void everyBrokenSpec_isRejectedWithItsLocatedErrors_andNoPassTouchesAws() throws IOException {
        Path good = specs.resolve("good.yaml");
        Files.writeString(good, GOOD_SPEC);
        SpecStore store = new SpecStore(specs, new ConvergeMetrics(harness.registry()));
        SpecStore.Snapshot inForce = store.refresh().orElseThrow();
        Environment environment = inForce.state().environments().get("good");
        List<Resource> resources = inForce.state().resourcesOf("good");
        assertThat(harness.pass(environment, resources).remaining().isEmpty()).isTrue();
        long mutations = harness.mutatingCalls();

        List<Path> corpus = corpus();
        for (Path fixture : corpus) {
            Map<Path, Path> copies = materialize(fixture, good);

            SpecStore.Snapshot snapshot = store.refresh().orElseThrow();
            assertThat(snapshot).as("the revision in force with %s in the spec", fixture).isEqualTo(inForce);
            assertThat(store.lastErrors()).as(fixture.toString())
                    .extracting(BadInputIT::location)
                    .containsExactlyInAnyOrderElementsOf(expectedLocations(fixture, copies));
            assertThat(store.lastErrors()).allSatisfy(SpecFixtures::assertWrittenForPeople);
            PassReport pass = harness.pass(environment, snapshot.state().resourcesOf("good"));
            assertThat(pass.success()).as(fixture.toString()).isTrue();
            assertThat(harness.mutatingCalls()).as("mutating calls with %s in the spec", fixture).isEqualTo(mutations);

            restore(copies, good);
        }

        assertThat(harness.metric("converge.spec.load.errors")).isEqualTo(corpus.size());
        assertThat(harness.plan(environment, resources).isEmpty()).as("the good resources are still converged").isTrue();
        assertThat(harness.aws(environment).ec2().describeVpcs(r -> r.filters(Filter.builder()
                .name("tag:" + Ownership.RESOURCE).values("Vpc/main").build())).vpcs())
                .singleElement().satisfies(vpc -> assertThat(vpc.cidrBlock()).isEqualTo("10.70.0.0/16"));
    }

    /** Every committed broken spec (a file, or a directory for cross-file cases), and the generated huge one. */
    private List<Path> corpus() throws IOException {
        List<Path> corpus = new ArrayList<>();
        try (Stream<Path> entries = Files.list(SpecFixtures.BROKEN)) {
            entries.sorted().forEach(corpus::add);
        }
        corpus.add(SpecFixtures.writeHugeSpec(generated));
        return corpus;
    }

    /**
     * Puts a broken spec into the spec directory next to the good file; returns where each of its files
     * went. An empty file next to a good one is harmless, so the empty spec replaces the good file: a
     * spec truncated by mistake.
     */
    private Map<Path, Path> materialize(Path fixture, Path good) throws IOException {
        Map<Path, Path> copies = new HashMap<>();
        if (Files.isDirectory(fixture)) {
            try (Stream<Path> files = Files.list(fixture)) {
                for (Path file : files.toList()) {
                    copies.put(file, Files.copy(file, specs.resolve(fixture.getFileName() + "-" + file.getFileName())));
                }
            }
        } else if (Files.size(fixture) == 0) {
            Files.writeString(good, "");
            copies.put(fixture, specs);
        } else {
            copies.put(fixture, Files.copy(fixture, specs.resolve(fixture.getFileName())));
        }
        return copies;
    }

    private void restore(Map<Path, Path> copies, Path good) throws IOException {
        for (Path copy : copies.values()) {
            if (!copy.equals(specs)) {
                Files.delete(copy);
            }
        }
        Files.writeString(good, GOOD_SPEC);
    }

    /** Where loading the broken spec on its own reports its errors, moved to where its files were copied. */
    private static List<String> expectedLocations(Path fixture, Map<Path, Path> copies) {
        return SpecFixtures.errorsOf(fixture).stream()
                .map(e -> copies.getOrDefault(Path.of(e.file()), Path.of(e.file())) + ":" + e.line() + ":" + e.column())
                .toList();
    }

    private static String location(String error) {
        String[] parts = error.split(":", 4);
        return parts[0] + ":" + parts[1] + ":" + parts[2];
    }
}
