package dev.converge.engine;

import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The spec in force. Before a pass, the newest revision is read from the source on the store's own
 * thread, and waited for at most the source's timeout: a fetch that hangs or fails counts as a failed
 * fetch and the spec in force stays. A revision that does not parse, validate or load is reported once
 * and refused, and the last good revision stays in force. Readers of {@link #inForce()} never wait for
 * a fetch: no lock is shared with the read.
 */
public final class SpecStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SpecStore.class);

    /** A validated spec and the revision (content hash or commit) it came from. */
    public record Snapshot(DesiredState state, String revision) {}

    /** A revision that failed to load, and why; never tried again. */
    private record Refusal(String revision, List<String> errors) {}

    private final SpecSource source;
    private final EngineMetrics metrics;
    private final NextRun<Void> reads;
    private volatile Snapshot current;
    private volatile Refusal refusal;
    /** Why the newest read of the source failed; null once a read succeeds. */
    private volatile String fetchError;
    /** Whether a caller has waited for a read, however it ended. */
    private volatile boolean waited;
    /** The read whose failure was counted already, by a caller that stopped waiting for it. */
    private CompletableFuture<Void> counted;

    public SpecStore(Path path, EngineMetrics metrics) {
        this(new DirectorySpecSource(path), metrics);
    }

    public SpecStore(SpecSource source, EngineMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
        this.reads = new NextRun<>("converge-spec-read", () -> {
            read();
            return null;
        });
    }

    /**
     * The spec in force now, without reading the source, so never behind a fetch. Only while no read has
     * ever been waited for is the source read first (as {@link #refresh()} reads it): before that there
     * is nothing to answer.
     */
    public Optional<Snapshot> inForce() {
        return waited ? Optional.ofNullable(current) : refresh();
    }

    /**
     * Reads the newest revision (a read that starts after this call) and answers the spec in force
     * afterwards: the newest good revision, if there has ever been one. Waits at most the source's
     * timeout; a read still running then is counted as a failed fetch and may still bring its revision
     * into force when it ends.
     */
    public Optional<Snapshot> refresh() {
        CompletableFuture<Void> read = reads.request();
        Duration timeout = source.timeout();
        try {
            read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fetchFailed(read, source.name() + ": reading the newest revision did not end within " + timeout);
        } catch (ExecutionException e) {
            fetchFailed(read, source.name() + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waited = true;
        return Optional.ofNullable(current);
    }

    /** Where the spec is read from. */
    public String source() {
        return source.name();
    }

    /**
     * The located errors of the newest refused revision (empty when the newest revision is in force),
     * then why the newest read of the source failed, if it did.
     */
    public List<String> lastErrors() {
        List<String> errors = new ArrayList<>();
        Refusal refused = refusal;
        if (refused != null) {
            errors.addAll(refused.errors());
        }
        String failed = fetchError;
        if (failed != null) {
            errors.add(failed);
        }
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        reads.close();
    }

    private void read() {
        SpecSource.Candidate candidate;
        try {
            candidate = source.latest();
        } catch (IOException | RuntimeException e) {
            fetchFailed(reads.running(), source.name() + ": " + e.getMessage());
            return;
        }
        candidate.fetchFailure().ifPresentOrElse(failure -> fetchFailed(reads.running(), failure), () -> fetchError = null);
        String revision = candidate.revision();
        Snapshot inForce = current;
        Refusal refused = refusal;
        if (inForce != null && inForce.revision().equals(revision) || refused != null && refused.revision().equals(revision)) {
            return;
        }
        try {
            DesiredState state = candidate.load();
            current = new Snapshot(state, revision);
            refusal = null;
            metrics.recordSpecRevision(source.name(), revision);
            LOG.infof("spec revision %s from %s is in force: %d environment(s)", revision, source.name(), state.environments().size());
        } catch (SpecException e) {
            refuse(revision, e.errors().stream().map(Object::toString).toList());
        } catch (IOException e) {
            // Not the revision's fault: it is read again next time.
            fetchFailed(reads.running(), source.name() + " at " + revision + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A loader bug is no reason to converge nothing, nor to stop reading newer revisions.
            LOG.error("loading spec revision " + revision + " failed unexpectedly", e);
            refuse(revision, List.of(source.name() + " at " + revision + ": loading failed: " + e));
        }
    }

    private void refuse(String revision, List<String> errors) {
        refusal = new Refusal(revision, List.copyOf(errors));
        metrics.recordSpecRefused(source.name(), revision);
        LOG.errorf("spec revision %s refused, %s stays in force:%n  %s", revision, revisionInForce(), String.join("\n  ", errors));
    }

    /** Counts a failed read once, whether its caller stopped waiting first or the read itself failed. */
    private void fetchFailed(CompletableFuture<Void> read, String error) {
        synchronized (this) {
            if (read != null && read == counted) {
                return;
            }
            counted = read;
        }
        fetchError = error;
        metrics.recordSpecFetchError();
        LOG.errorf("reading the spec failed, %s stays in force: %s", revisionInForce(), error);
    }

    private String revisionInForce() {
        Snapshot inForce = current;
        return inForce == null ? "nothing" : inForce.revision();
    }
}
