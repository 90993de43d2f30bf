package dev.converge.approval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Approval records in one JSON file, for a controller on one machine and the commands run next to it.
 * Writers take an exclusive lock on a sibling {@code .lock} file (a {@code converge approve} and the
 * controller may write at once) and replace the file by an atomic move, so a reader never sees half of it.
 */
public final class FileApprovalStore implements ApprovalStore {

    private final Path file;
    private final Path lock;

    public FileApprovalStore(Path file) {
        this.file = file.toAbsolutePath();
        this.lock = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    @Override
    public Map<String, ApprovalRecord> read() {
        try {
            return Files.exists(file) ? ApprovalJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()) : new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the approvals in " + file, e);
        }
    }

    @Override
    public synchronized Map<String, ApprovalRecord> update(UnaryOperator<Map<String, ApprovalRecord>> change) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                Map<String, ApprovalRecord> before = read();
                Map<String, ApprovalRecord> after = change.apply(new TreeMap<>(before));
                if (!after.equals(before)) {
                    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
                    Files.writeString(temporary, ApprovalJson.write(after), StandardCharsets.UTF_8);
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                return after;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the approvals in " + file, e);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
