package dev.lanes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void anEarlierModelSurvivesAFailedSave() throws IOException {
        Path model = dir.resolve("model.safetensors");
        SafeTensors.write(model, Map.of("w", Tensor.of(1f, 2f)), Map.of("v", "1"));
        byte[] before = Files.readAllBytes(model);

        IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(model, out -> {
            out.write(new byte[] {1, 2, 3}); // half a file, then the "crash"
            throw new IOException("disk full");
        }));
        assertEquals("disk full", failure.getMessage());
        assertArrayEquals(before, Files.readAllBytes(model));
        assertEquals(List.of(model), listing(), "the temporary file is cleaned up");
    }

    @Test
    void aSuccessfulSaveReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path model = dir.resolve("model.safetensors");
        SafeTensors.write(model, Map.of("w", Tensor.of(1f)), Map.of());
        SafeTensors.write(model, Map.of("w", Tensor.of(5f, 6f)), Map.of());
        assertArrayEquals(new float[] {5f, 6f}, SafeTensors.read(model).tensor("w").toArray());
        assertEquals(List.of(model), listing());
    }

    @Test
    void aNewFileGetsDefaultPermissionsAndAReplacedFileKeepsItsOwn() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions only");
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[] {0}); // created the ordinary way: permissions from the umask
        Path model = dir.resolve("model.bin");
        AtomicFiles.write(model, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(model));

        var groupReadable = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----");
        Files.setPosixFilePermissions(model, groupReadable);
        AtomicFiles.write(model, new byte[] {2});
        assertEquals(groupReadable, Files.getPosixFilePermissions(model));
    }

    @Test
    void aMissingDirectoryFailsWithoutCreatingAnything() {
        Path model = dir.resolve("no/such/dir/model.safetensors");
        assertThrows(IOException.class, () -> AtomicFiles.write(model, new byte[] {1}));
    }
}
