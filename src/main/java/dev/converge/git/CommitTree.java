package dev.converge.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** Writes one path of one commit, straight from the object database, into an empty directory. */
final class CommitTree {

    private CommitTree() {}

    /**
     * The regular files under {@code path} in {@code commit}, written below {@code target} at their
     * repository paths; returns how many there were. Symbolic links and submodules are left out: a
     * spec is plain files.
     */
    static int export(Repository repository, ObjectId commit, String path, Path target) throws IOException {
        clear(target);
        Files.createDirectories(target);
        int files = 0;
        try (RevWalk commits = new RevWalk(repository); TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commits.parseCommit(commit).getTree());
            walk.setRecursive(true);
            walk.setFilter(PathFilter.create(path));
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                Path file = target.resolve(walk.getPathString()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("commit " + commit.name() + " has a path outside the repository: " + walk.getPathString());
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    repository.open(walk.getObjectId(0)).copyTo(out);
                }
                files++;
            }
        }
        return files;
    }

    private static void clear(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
