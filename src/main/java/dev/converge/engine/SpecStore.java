package dev.converge.engine;

import dev.converge.metrics.ConvergeMetrics;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecException;
import dev.converge.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The spec in force. Reloads the spec path before every pass; a revision that does not parse or validate
 * is reported once and ignored, and the last good revision stays in force.
 */
public final class SpecStore {

    private static final Logger LOG = Logger.getLogger(SpecStore.class);

    /** A validated spec and the revision (content hash) it came from. */
    public record Snapshot(DesiredState state, String revision) {}

    private final Path path;
    private final ConvergeMetrics metrics;
    private Snapshot current;
    private String lastRejected;
    private List<String> lastErrors = List.of();

    public SpecStore(Path path, ConvergeMetrics metrics) {
        this.path = path;
        this.metrics = metrics;
    }

    /** The spec to converge now: the newest good revision, if there has ever been one. */
    public synchronized Optional<Snapshot> refresh() {
        String revision;
        try {
            revision = revisionOf(path);
        } catch (IOException e) {
            reject("unreadable", List.of(path + ": " + e.getMessage()));
            return Optional.ofNullable(current);
        }
        if (current != null && current.revision().equals(revision) || revision.equals(lastRejected)) {
            return Optional.ofNullable(current);
        }
        try {
            DesiredState state = SpecLoader.load(path);
            current = new Snapshot(state, revision);
            lastRejected = null;
            lastErrors = List.of();
            metrics.recordSpecRevision(path.toString(), revision);
            LOG.infof("spec revision %s from %s is in force: %d environment(s)", revision, path, state.environments().size());
        } catch (SpecException e) {
            reject(revision, e.errors().stream().map(Object::toString).toList());
        }
        return Optional.ofNullable(current);
    }

    /** Where the spec is read from. */
    public String source() {
        return path.toString();
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

    /** A short content hash over every spec file, so edits, additions and removals each give a new revision. */
    static String revisionOf(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted()
                        .toList();
            }
        } else {
            files = List.of(path);
        }
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }
}
