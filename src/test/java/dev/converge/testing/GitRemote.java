package dev.converge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/** A bare repository standing in for the spec repository, and a clone of it that commits and pushes. */
public final class GitRemote implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Spec Author", "author@example.com");

    private final Path bare;
    private final Git work;

    public GitRemote(Path directory) {
        try {
            bare = directory.resolve("remote.git");
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
            work = Git.init().setInitialBranch("main").setDirectory(directory.resolve("work").toFile()).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the source fetches from. */
    public String url() {
        return bare.toString();
    }

    /**
     * Writes the files (repository path to content; null deletes), commits and pushes them to
     * {@code main}; returns the commit id as Converge shows revisions (12 characters).
     */
    public String push(Map<String, String> files, String message) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = work.getRepository().getWorkTree().toPath().resolve(file.getKey());
                if (file.getValue() == null) {
                    Files.delete(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue());
                }
            }
            work.add().addFilepattern(".").call();
            work.add().addFilepattern(".").setUpdate(true).call();
            RevCommit commit = work.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            work.push().setRemote(url()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
            return commit.abbreviate(12).name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        work.close();
    }
}
