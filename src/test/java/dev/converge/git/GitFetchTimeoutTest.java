package dev.converge.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.SpecStore;
import dev.converge.metrics.ConvergeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A git server that accepts connections and never answers: {@code converge.git.timeout} fails the fetch. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GitFetchTimeoutTest {

    @TempDir
    Path directory;

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void aFetchWithoutAnswer_failsAfterTheTimeout() {
        GitSpecSource source = source("first");

        assertThatThrownBy(source::latest).isInstanceOf(IOException.class)
                .hasMessageContaining("has not been fetched")
                .hasMessageContaining("fetching main from http://127.0.0.1:" + silent.getLocalPort() + "/specs.git failed");
        assertThat(accepted).as("the fetch reached the server").isNotEmpty();
    }

    @Test
    void aTimedOutFetch_countsAsOneFailedFetch_andIsReportedAsTheSpecError() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SpecStore store = new SpecStore(source("store"), new ConvergeMetrics(registry))) {
            assertThat(store.refresh()).isEmpty();

            assertThat(registry.find("converge.spec.fetch.errors").counter().count()).isEqualTo(1);
            assertThat(registry.find("converge.spec.load.errors").counter().count()).isZero();
            assertThat(store.lastErrors()).singleElement().satisfies(e -> assertThat(e).contains("127.0.0.1:" + silent.getLocalPort()));
        }
    }

    private GitSpecSource source(String checkout) {
        String url = "http://127.0.0.1:" + silent.getLocalPort() + "/specs.git";
        return new GitSpecSource(new GitSettings(url, "main", "specs", Duration.ZERO, Duration.ofSeconds(1),
                Optional.of(directory.resolve(checkout)), new GitCredentials("git", Optional.empty(), Optional.empty(), Optional.empty())),
                Clock.systemUTC());
    }
}
