package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}'s output files: checked before training, never an input, written through symbolic links. */
class TrainOutputsTest {

    private static final String NET = "64-16-10:relu,none";
    private static final String IRIS = "src/test/resources/data/iris.csv";

    @TempDir
    Path dir;

    @Test
    void theOutputMayNotBeTheTrainingData() throws IOException {
        Path data = Files.copy(Path.of(IRIS), dir.resolve("iris.csv"));
        String before = Files.readString(data);
        CliRun r = CliRun.failsInOneLine("train", "--data", data.toString(), "--model", "4-8-3:relu,none",
                "--epochs", "1", "--out", dir.resolve("./iris.csv").toString());
        assertTrue(r.err().contains("is also the --data file"), r::toString);
        assertFalse(r.out().contains("epoch 1"), "refused before training");
        assertEquals(before, Files.readString(data));
    }

    @Test
    void theOutputMayNotBeTheCheckpointResumedFromButANewCheckpointMay() {
        Path checkpoint = dir.resolve("ckpt.safetensors");
        assertEquals(0, CliRun.of("train", "--model", NET, "--epochs", "1", "--checkpoint-every", "1",
                "--checkpoint", checkpoint.toString()).exitCode());
        CliRun r = CliRun.failsInOneLine("train", "--resume", checkpoint.toString(), "--epochs", "2", "--out",
                checkpoint.toString());
        assertTrue(r.err().contains("--out " + checkpoint + " is also the --resume file"), r::toString);
        CliRun again = CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "2", "--checkpoint-every",
                "1", "--checkpoint", checkpoint.toString());
        assertEquals(0, again.exitCode(), again::toString);
    }

    @Test
    void twoOutputsMayNotBeOneFile() {
        Path file = dir.resolve("both");
        CliRun r = CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--out", file.toString(),
                "--plot", file.toString());
        assertTrue(r.err().contains("--out " + file + " is also the --plot file"), r::toString);
    }

    @Test
    void aCheckpointFileWithoutCheckpointEveryIsRefused() {
        CliRun r = CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--checkpoint",
                dir.resolve("c.safetensors").toString());
        assertTrue(r.err().contains("is only written with --checkpoint-every N"), r::toString);
        assertFalse(r.out().contains("epoch 1"), r::toString);
    }

    @Test
    void anOutputThroughASymbolicLinkKeepsTheLink() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path link = Files.createSymbolicLink(dir.resolve("current.safetensors"), Path.of("models/v1.safetensors"));
        CliRun r = CliRun.of("train", "--model", NET, "--epochs", "1", "--out", link.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("64-16-10:relu,none", SafeTensors.read(models.resolve("v1.safetensors")).metadata()
                .get("lanes.spec"));
    }

    @Test
    void anUnwritableDirectoryFailsBeforeTrainingNamingTheGivenPath() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        for (String option : new String[] {"--out", "--plot", "--checkpoint"}) {
            Path file = ro.resolve("result");
            CliRun r = option.equals("--checkpoint")
                    ? CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--checkpoint-every", "1",
                            option, file.toString())
                    : CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", option, file.toString());
            assertTrue(r.err().contains(file + ": permission denied"), r::toString);
            assertFalse(r.out().contains("epoch 1"), "refused before training");
        }
    }
}
