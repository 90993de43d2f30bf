package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.metrics.ConvergeMetrics;
import dev.converge.spec.SpecLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The spec in force stays available whatever its source does: hangs, timeouts and loader crashes. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SpecStoreTest {

    private static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: stub}
            spec: {region: us-east-1}
            """;

    @TempDir
    Path directory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StubSource source = new StubSource();
    private final SpecStore store = new SpecStore(source, new ConvergeMetrics(registry));

    @AfterEach
    void release() {
        source.release();
        store.close();
    }

    @Test
    void aFetchThatHangs_blocksNeitherReadsNorPasses_andCountsAsFailedOnceItsTimeoutIsOver() throws Exception {
        source.answer(candidate("rev-1"));
        assertThat(store.refresh()).hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo("rev-1"));

        source.hang();
        CompletableFuture<SpecStore.Snapshot> pass = CompletableFuture.supplyAsync(() -> store.refresh().orElseThrow());
        source.entered.await();

        assertThat(store.inForce()).as("an API read while the fetch hangs").hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo("rev-1"));
        assertThat(pass.get(1, TimeUnit.MINUTES).revision()).as("the pass goes on with the spec in force").isEqualTo("rev-1");
        assertThat(fetchErrors()).isEqualTo(1);
        assertThat(store.lastErrors()).singleElement().satisfies(e -> assertThat(e).contains("stub", "did not end within PT2S"));
        assertThat(registry.find("converge.spec.load.errors").counter().count()).isZero();
    }

    @Test
    void aLoaderThatCrashes_isRefusedLikeAnInvalidRevision_andTheLastGoodOneStays() throws IOException {
        source.answer(candidate("rev-1"));
        store.refresh();

        source.answer(new SpecSource.Candidate("rev-2", () -> {
            throw new IllegalStateException("loader bug");
        }));

        assertThat(store.refresh()).hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo("rev-1"));
        assertThat(store.lastErrors()).singleElement().satisfies(e -> assertThat(e).contains("rev-2", "loader bug"));
        assertThat(registry.find("converge.spec.load.errors").counter().count()).isEqualTo(1);
        assertThat(registry.find("converge.spec.info").tag("revision", "rev-2").gauge().value()).isZero();
        assertThat(registry.find("converge.spec.info").tag("revision", "rev-1").gauge().value()).isEqualTo(1);
        assertThat(fetchErrors()).isZero();

        store.refresh();
        assertThat(registry.find("converge.spec.load.errors").counter().count()).as("a refused revision is not loaded again").isEqualTo(1);
    }

    private double fetchErrors() {
        return registry.find("converge.spec.fetch.errors").counter().count();
    }

    private SpecSource.Candidate candidate(String revision) throws IOException {
        Path file = Files.writeString(directory.resolve(revision + ".yaml"), SPEC);
        return new SpecSource.Candidate(revision, () -> SpecLoader.load(file));
    }

    /** A source that answers what it is told, or hangs until released. */
    private static final class StubSource implements SpecSource {

        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicReference<Candidate> answer = new AtomicReference<>();

        void answer(Candidate candidate) {
            answer.set(candidate);
        }

        void hang() {
            answer.set(null);
        }

        void release() {
            released.countDown();
        }

        @Override
        public String name() {
            return "stub";
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Candidate latest() {
            Candidate now = answer.get();
            if (now != null) {
                return now;
            }
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UncheckedIOException(new IOException("released"));
        }
    }
}
