package dev.lanes.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a half-written file:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary file is then
 * renamed over the target in one atomic step. If writing fails the temporary file is removed and an earlier
 * file at the target path is left untouched. Symbolic links are written through (see {@link #write(Path, Body)}).
 */
public final class AtomicFiles {

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Writes the content that {@code body} produces; the stream passed to it must not be closed by it. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Atomically replaces {@code target} with what {@code body} writes. A symbolic link is kept and the file it
     * points at replaced; an existing file that cannot be replaced by a rename (a named pipe, a device,
     * {@code /dev/stdout}) is written in place. Errors name {@code target}, never the temporary file.
     */
    public static void write(Path target, Body body) throws IOException {
        WriteTarget to = WriteTarget.of(target);
        if (to.streamed()) {
            writeInPlace(to.file(), body);
            return;
        }
        try {
            replace(to.file(), body);
        } catch (FileSystemException e) {
            throw isTemporaryOf(e.getFile(), to.file()) ? naming(target, e) : e;
        }
    }

    /**
     * Fails, without writing anything, when {@link #write} could not write {@code target}: a directory, a directory
     * that does not exist or that the user may not create files in, a special file the user may not write.
     */
    public static void checkWritable(Path target) throws IOException {
        WriteTarget.of(target);
    }

    private static void replace(Path file, Body body) throws IOException {
        Path tmp = newTemporaryFile(file);
        tmp.toFile().deleteOnExit(); // Ctrl-C while writing: the JVM's shutdown removes the partial temporary file
        boolean done = false;
        try {
            keepPermissionsOf(file, tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                body.writeTo(out);
                out.flush();
                channel.force(true); // the data is on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(file.getParent());
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A pipe or device takes the bytes as they come. Appending: a {@code /dev/stdout} that the shell opened with
     * {@code >>} must not be overwritten from its start.
     */
    private static void writeInPlace(Path file, Body body) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            body.writeTo(out);
        }
    }

    /** Whether {@code name} (from an exception, may be null) is one of {@link #newTemporaryFile}'s names for file. */
    private static boolean isTemporaryOf(String name, Path file) {
        if (name == null) {
            return false;
        }
        Path p = Path.of(name);
        String n = p.getFileName().toString();
        return file.getParent().equals(p.toAbsolutePath().getParent()) && n.endsWith(TEMPORARY_SUFFIX)
                && n.startsWith(temporaryPrefix(file));
    }

    private static String temporaryPrefix(Path file) {
        return "." + file.getFileName() + ".";
    }

    /** The same failure told about the user's path rather than the hidden temporary file beside it. */
    private static FileSystemException naming(Path target, FileSystemException e) {
        FileSystemException named = e instanceof AccessDeniedException
                ? new AccessDeniedException(target.toString(), null, e.getReason())
                : new FileSystemException(target.toString(), null,
                        e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        named.initCause(e);
        return named;
    }

    /**
     * Creates the temporary file beside the target with the platform's default permissions (the user's umask),
     * not {@link Files#createTempFile}'s owner-only ones: a saved model must be as readable as any other new file.
     */
    private static Path newTemporaryFile(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling(temporaryPrefix(target) + Long.toUnsignedString(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + TEMPORARY_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Replacing an existing file keeps its permissions (someone may have made a model group-readable). */
    private static void keepPermissionsOf(Path target, Path tmp) throws IOException {
        if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename is still atomic, only its durability is the OS's.
        }
    }
}
