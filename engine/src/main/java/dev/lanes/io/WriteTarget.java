package dev.lanes.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a write to a path the user gave really goes: through symbolic links to the file they point at (the links
 * are kept), and straight into an existing file that is not a regular file (a named pipe, a device, the open file
 * behind {@code /dev/stdout}), which cannot be replaced by a rename.
 *
 * @param given     the path as the user gave it; errors name it
 * @param file      the file to replace or write: {@code given} with its symbolic links resolved
 * @param streamed  true when {@code file} is written in place rather than replaced
 */
record WriteTarget(Path given, Path file, boolean streamed) {

    /** Linux allows 40 links in a path; a longer chain is a loop. */
    private static final int MAX_LINKS = 40;

    /** Resolves {@code given} and checks that it can be written, without creating or changing anything. */
    static WriteTarget of(Path given) throws IOException {
        BasicFileAttributes existing = attributesOrNull(given);
        if (existing != null && existing.isDirectory()) {
            throw new FileSystemException(given.toString(), null, "is a directory; give a file name");
        }
        Path file = resolveLinks(given);
        if (file == null || existing != null && !existing.isRegularFile()) {
            if (!Files.isWritable(given)) {
                throw new AccessDeniedException(given.toString());
            }
            return new WriteTarget(given, given, true);
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new FileSystemException(given.toString(), null, "the directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(given.toString(), null, "cannot create files in " + dir);
        }
        return new WriteTarget(given, file, false);
    }

    /**
     * Follows the chain of symbolic links at {@code path}'s last name, so a dangling link yields the file it will
     * create. Null when the chain reaches one of the kernel's links to an open descriptor ({@code /dev/stdout} is
     * {@code /proc/self/fd/1}): it names an already open file, perhaps a pipe or one opened for appending, not a
     * path to replace.
     */
    private static Path resolveLinks(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        for (int links = 0; Files.isSymbolicLink(p); links++) {
            if (links == MAX_LINKS) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            if (p.getParent().toRealPath().startsWith("/proc")) {
                return null;
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)); // not normalized: ".." after a linked directory is the OS's
        }
        return p;
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class); // follows links: what a write would reach
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
