package dev.lanes.cli;

import dev.lanes.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a command's output files before it does any work, so a long run does not fail at its very end. */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** Fails when {@code file} (null: none asked for) could not be written; the message names the file. */
    public static void requireWritable(Path file) throws IOException {
        if (file != null) {
            AtomicFiles.checkWritable(file);
        }
    }

    /**
     * Fails when output {@code out} is also the file of {@code otherOption} (either may be null): writing it would
     * destroy an input, or two outputs would overwrite each other.
     */
    public static void requireDistinct(String outOption, Path out, String otherOption, Path other) {
        if (out != null && other != null && sameFile(out, other)) {
            throw new UserError(outOption + " " + out + " is also the " + otherOption + " file; give each its own file");
        }
    }

    /** The same path, or two names (a link, a relative path) for one existing file. */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // unreadable: compare the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
