package dev.converge.git;

import dev.converge.engine.SpecSource;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecError;
import dev.converge.spec.SpecException;
import dev.converge.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.jboss.logging.Logger;

/**
 * Specs at the head of a git branch. The branch is fetched into a bare repository at most once per poll
 * interval, or at once after {@link #requestFetch()}; each revision is one commit, whose spec path is
 * written out of the object database and loaded, with errors located at repository paths
 * ({@code specs/network.yaml:12:5}). A failed fetch keeps the commit fetched before and is reported
 * with it. A fetch is bounded by {@code converge.git.timeout}: JGit gives up on a connection or read
 * that takes longer, and the {@link dev.converge.engine.SpecStore} stops waiting after it whatever the
 * fetch is doing.
 */
public final class GitSpecSource implements SpecSource {

    private static final Logger LOG = Logger.getLogger(GitSpecSource.class);
    private static final int REVISION_LENGTH = 12;

    private final GitSettings settings;
    private final Clock clock;
    private final String name;
    private final String remoteRef;
    private final AtomicBoolean fetchRequested = new AtomicBoolean();
    private Path workDirectory;
    private Repository repository;
    private Instant lastFetch;

    public GitSpecSource(GitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.name = GitUrls.withoutCredentials(settings.url());
        this.remoteRef = "refs/remotes/origin/" + settings.branch();
    }

    @Override
    public String name() {
        return name;
    }

    /** The next {@link #latest()} fetches whatever the poll interval says: a push was announced. */
    public void requestFetch() {
        fetchRequested.set(true);
    }

    @Override
    public Duration timeout() {
        return settings.timeout();
    }

    @Override
    public synchronized Candidate latest() throws IOException {
        Repository repo = repository();
        Optional<String> fetchFailure = Optional.empty();
        if (fetchRequested.getAndSet(false) || fetchDue()) {
            fetchFailure = fetch(repo);
        }
        ObjectId commit = repo.resolve(remoteRef);
        if (commit == null) {
            throw new IOException("branch " + settings.branch() + " has not been fetched from " + name
                    + fetchFailure.map(failure -> ": " + failure).orElse(""));
        }
        return new Candidate(commit.abbreviate(REVISION_LENGTH).name(), () -> load(repo, commit), fetchFailure);
    }

    private boolean fetchDue() {
        return lastFetch == null || !clock.instant().isBefore(lastFetch.plus(settings.pollInterval()));
    }

    /** Fetches the branch; answers why it failed, if it did, in which case the commit fetched before stays. */
    private Optional<String> fetch(Repository repo) throws IOException {
        lastFetch = clock.instant();
        RefSpec branch = new RefSpec("+refs/heads/" + settings.branch() + ":" + remoteRef);
        try (Git git = Git.wrap(repo)) {
            git.fetch()
                    .setRemote(settings.url())
                    .setRefSpecs(branch)
                    .setTimeout(timeoutSeconds())
                    .setCredentialsProvider(settings.credentials().https())
                    .setTransportConfigCallback(settings.credentials().ssh(workDirectory))
                    .call();
            return Optional.empty();
        } catch (GitAPIException | IOException | RuntimeException e) {
            String reason = redact(String.valueOf(e.getMessage()));
            LOG.warnf("fetching %s from %s failed, the commit fetched before stays: %s", settings.branch(), name, reason);
            return Optional.of("fetching " + settings.branch() + " from " + name + " failed: " + reason);
        }
    }

    /** JGit bounds each network read and connect in whole seconds. */
    private int timeoutSeconds() {
        return (int) Math.max(1, settings.timeout().toSeconds());
    }

    private DesiredState load(Repository repo, ObjectId commit) throws IOException {
        Path tree = workDirectory.resolve("tree");
        if (CommitTree.export(repo, commit, settings.path(), tree) == 0) {
            throw new SpecException(List.of(SpecError.ofFile(settings.path(),
                    "no such spec file or directory in commit " + commit.abbreviate(REVISION_LENGTH).name())));
        }
        try {
            return SpecLoader.load(tree.resolve(settings.path()));
        } catch (SpecException e) {
            String prefix = tree + tree.getFileSystem().getSeparator();
            throw new SpecException(e.errors().stream()
                    .map(error -> new SpecError(error.file().startsWith(prefix) ? error.file().substring(prefix.length()) : error.file(),
                            error.line(), error.column(), error.message()))
                    .toList());
        }
    }

    private Repository repository() throws IOException {
        if (repository == null) {
            Path configured = settings.checkoutDir().orElse(null);
            workDirectory = (configured == null ? Files.createTempDirectory("converge-git") : configured).toAbsolutePath().normalize();
            try {
                repository = Git.init().setBare(true).setDirectory(workDirectory.resolve("repository.git").toFile())
                        .call().getRepository();
            } catch (GitAPIException e) {
                throw new IOException("cannot create the local repository in " + workDirectory + ": " + e.getMessage(), e);
            }
        }
        return repository;
    }

    /** Transport errors may quote the URL as configured, token included. */
    private String redact(String message) {
        String redacted = message.replace(settings.url(), name);
        try {
            Optional<String> token = settings.credentials().token();
            return token.isPresent() && !token.get().isEmpty() ? redacted.replace(token.get(), "***") : redacted;
        } catch (IOException e) {
            // A token that cannot be read was never sent.
            return redacted;
        }
    }
}
