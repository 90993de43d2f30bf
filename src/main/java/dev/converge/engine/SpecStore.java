package dev.converge.engine;

import dev.converge.metrics.ConvergeMetrics;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The spec in force. Asks its source for the newest revision before every pass; a revision that does
 * not parse or validate is reported once and ignored, and the last good revision stays in force.
 */
public final class SpecStore {

    private static final Logger LOG = Logger.getLogger(SpecStore.class);

    /** A validated spec and the revision (content hash or commit) it came from. */
    public record Snapshot(DesiredState state, String revision) {}

    private final SpecSource source;
    private final ConvergeMetrics metrics;
    private Snapshot current;
    private String lastRejected;
    private List<String> lastErrors = List.of();

    public SpecStore(Path path, ConvergeMetrics metrics) {
        this(new DirectorySpecSource(path), metrics);
    }

    public SpecStore(SpecSource source, ConvergeMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
    }

    /** The spec to converge now: the newest good revision, if there has ever been one. */
    public synchronized Optional<Snapshot> refresh() {
        SpecSource.Candidate candidate;
        try {
            candidate = source.latest();
        } catch (IOException e) {
            reject("unreadable", List.of(source.name() + ": " + e.getMessage()));
            return Optional.ofNullable(current);
        }
        String revision = candidate.revision();
        if (current != null && current.revision().equals(revision) || revision.equals(lastRejected)) {
            return Optional.ofNullable(current);
        }
        try {
            DesiredState state = candidate.load();
            current = new Snapshot(state, revision);
            lastRejected = null;
            lastErrors = List.of();
            metrics.recordSpecRevision(source.name(), revision);
            LOG.infof("spec revision %s from %s is in force: %d environment(s)", revision, source.name(), state.environments().size());
        } catch (SpecException e) {
            reject(revision, e.errors().stream().map(Object::toString).toList());
        } catch (RuntimeException e) {
            // A failure the loader did not foresee rejects the revision like an invalid one: the last good spec stays.
            reject(revision, List.of(source.name() + " at " + revision + ": the spec could not be loaded: " + e));
        } catch (IOException e) {
            // Not the revision's fault: it is tried again on the next pass.
            reject("unreadable", List.of(source.name() + " at " + revision + ": " + e.getMessage()));
        }
        return Optional.ofNullable(current);
    }

    /** Where the spec is read from. */
    public String source() {
        return source.name();
    }

    /** The located errors of the newest rejected revision, empty when the newest revision is in force. */
    public synchronized List<String> lastErrors() {
        return lastErrors;
    }

    private void reject(String revision, List<String> errors) {
        lastRejected = revision;
        lastErrors = List.copyOf(errors);
        metrics.recordSpecLoadError();
        LOG.errorf("spec revision %s rejected, %s stays in force:%n  %s", revision,
                current == null ? "nothing" : current.revision(), String.join("\n  ", errors));
    }
}
