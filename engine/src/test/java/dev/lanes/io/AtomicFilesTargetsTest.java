package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What AtomicFiles writes to: through symbolic links, into pipes, and what its errors name. */
class AtomicFilesTargetsTest {

    @TempDir
    Path dir;

    private static List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void aSymbolicLinkIsKeptAndTheFileItPointsAtReplaced() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path real = models.resolve("v1.bin");
        Files.write(real, new byte[] {1});
        Path link = Files.createSymbolicLink(dir.resolve("current.bin"), Path.of("models/v1.bin"));

        AtomicFiles.write(link, new byte[] {2, 3});

        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(Path.of("models/v1.bin"), Files.readSymbolicLink(link));
        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(real));
        assertEquals(List.of(real), listing(models), "the temporary file was beside the target, and is gone");
        assertEquals(List.of(link, models), listing(dir));
    }

    @Test
    void aDanglingSymbolicLinkCreatesTheFileItPointsAt() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("next.bin"), dir.resolve("v2.bin"));
        AtomicFiles.write(link, new byte[] {7});
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("v2.bin")));
    }

    @Test
    void aNamedPipeIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo here: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        AtomicFiles.write(fifo, new byte[] {4, 5, 6});
        assertArrayEquals(new byte[] {4, 5, 6}, read.get(10, TimeUnit.SECONDS));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(),
                "still a pipe, not a regular file");
        assertEquals(List.of(fifo), listing(dir));
    }

    @Test
    void aFailureNamesTheGivenPathNotTheTemporaryFile() throws IOException {
        Path model = dir.resolve("model.bin");
        Files.write(model, new byte[] {1});
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(model, out -> {
            out.write(2);
            for (Path p : listing(dir)) { // the rename that follows fails on the vanished temporary file
                if (!p.equals(model)) {
                    Files.delete(p);
                }
            }
        }));
        assertEquals(model.toString(), e.getFile(), e.toString());
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(model), "the earlier file survives");
        assertEquals(List.of(model), listing(dir));
    }

    @Test
    void checkWritableRefusesDirectoriesAndMissingDirectoriesWithoutCreatingAnything() throws IOException {
        FileSystemException isDir = assertThrows(FileSystemException.class, () -> AtomicFiles.checkWritable(dir));
        assertTrue(isDir.getReason().contains("is a directory"), isDir.toString());
        Path missing = dir.resolve("no/such/model.bin");
        FileSystemException noDir = assertThrows(FileSystemException.class,
                () -> AtomicFiles.checkWritable(missing));
        assertEquals(missing.toString(), noDir.getFile());
        assertTrue(noDir.getReason().contains("does not exist"), noDir.toString());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aDirectoryTheUserMayNotWriteIsRefusedNamingTheGivenPath() throws IOException {
        Assumptions.assumeFalse(isRoot(), "root may write anywhere");
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions only");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        Path model = ro.resolve("model.bin");
        FileSystemException check = assertThrows(FileSystemException.class, () -> AtomicFiles.checkWritable(model));
        assertEquals(model.toString(), check.getFile());
        FileSystemException write = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(model, new byte[] {1}));
        assertEquals(model.toString(), write.getFile());
    }
}
