package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume}: options checked against what the checkpoint recorded, and the checkpoint itself. */
class TrainResumeTest {

    private static final String NET = "64-16-10:relu,none";

    @TempDir
    Path dir;

    private Path checkpoint;
    private CliRun firstRun;

    @BeforeEach
    void oneEpochWithDefaults() {
        checkpoint = dir.resolve("ckpt.safetensors");
        firstRun = CliRun.of("train", "--model", NET, "--epochs", "1", "--checkpoint-every", "1", "--checkpoint",
                checkpoint.toString());
        assertEquals(0, firstRun.exitCode(), firstRun::toString);
    }

    private CliRun resume(String... options) {
        return CliRun.of(concat(resumeArgs(), options));
    }

    @Test
    void standardizeContradictsACheckpointTrainedWithout() {
        CliRun r = resume("--standardize");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.oneErrorLine(), r::toString);
        assertTrue(r.err().contains("--standardize differs from the checkpoint " + checkpoint
                + ", which was trained without --standardize"), r::toString);
        assertFalse(r.out().contains("epoch 2"), r::toString);
    }

    @Test
    void regressionContradictsAClassifierCheckpoint() {
        CliRun r = CliRun.failsInOneLine(concat(resumeArgs(), "--regression"));
        assertTrue(r.err().contains("which was trained without --regression"), r::toString);
    }

    @Test
    void optionsGivenWithTheRecordedValuesAreAccepted() {
        // --lr 0.001 is adam's default, which the checkpoint recorded by leaving lr out
        CliRun r = resume("--lr", "0.001", "--optimizer", "Adam", "--seed", "0", "--batch-size", "32", "--target",
                "digit", "--model", "linear(64,16) relu linear(16,10)");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("resuming after epoch 1"), r::toString);
    }

    @Test
    void aDifferentLrShowsTheRecordedDefault() {
        CliRun r = CliRun.failsInOneLine(concat(resumeArgs(), "--lr", "0.01"));
        assertTrue(r.err().contains("--lr 0.01 differs from the checkpoint " + checkpoint
                + ", which was trained with --lr 0.001 (adam's default)"), r::toString);
        assertFalse(r.err().contains("null"), r::toString);
    }

    @Test
    void aTargetColumnOtherThanTheRecordedOneIsRefused() {
        // pixel5, not pixel0: pixel0 is 0 in every row, and one class is refused before the resume check
        CliRun r = CliRun.failsInOneLine(concat(resumeArgs(), "--target", "5"));
        assertTrue(r.err().contains("--target 5 (column 'pixel5') differs"), r::toString);
        assertTrue(r.err().contains("trained with --target 'digit'"), r::toString);
    }

    @Test
    void aNegativeEpochIsABadCheckpointFile() throws IOException {
        editMetadata("lanes.train.epoch", "-5");
        CliRun r = CliRun.failsInOneLine(resumeArgs());
        assertTrue(r.err().contains(checkpoint + ": bad checkpoint file: lanes.train.epoch must be at least 1,"
                + " got -5"), r::toString);
        assertFalse(r.out().contains("epoch -4"), r::toString);
    }

    @Test
    void badRecordedSettingsBlameTheFileNotTheOptions() throws IOException {
        editMetadata("lanes.train.batch_size", "0");
        CliRun r = CliRun.failsInOneLine(resumeArgs());
        assertTrue(r.err().contains(checkpoint + ": bad checkpoint file: lanes.train.batch_size must be at least 1,"
                + " got 0"), r::toString);
        assertFalse(r.err().contains("--batch-size"), r::toString);

        editMetadata("lanes.train.batch_size", "32");
        editMetadata("lanes.train.validation_split", "1.5");
        assertTrue(CliRun.failsInOneLine(resumeArgs()).err().contains("lanes.train.validation_split must be between"));

        editMetadata("lanes.train.validation_split", "0.2");
        editMetadata("lanes.train.optimizer", "nadam");
        CliRun optimizer = CliRun.failsInOneLine(resumeArgs());
        assertTrue(optimizer.err().contains("bad checkpoint file: lanes.train.optimizer: bad optimizer spec at column 1:"
                + " unknown optimizer 'nadam'"),
                optimizer::toString);
    }

    /**
     * Every run with --checkpoint-every says, before its first epoch, where the checkpoints go and how often: the
     * default file too, which a resumed run without --checkpoint writes next to --out.
     */
    @Test
    void aRunWithCheckpointEverySaysWhereCheckpointsGo() {
        assertTrue(firstRun.out().contains("\ncheckpoints every epoch to " + checkpoint + "\nepoch 1/1"),
                firstRun::toString);

        Path out = dir.resolve("run.safetensors");
        CliRun r = CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "3", "--checkpoint-every", "2",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("resuming after epoch 1\ncheckpoints every 2 epochs to "
                + dir.resolve("run.checkpoint.safetensors") + "\nepoch 2/3"), r::toString);

        CliRun without = resume();
        assertEquals(0, without.exitCode(), without::toString);
        assertFalse(without.out().contains("checkpoints"), without::toString);
    }

    private String[] resumeArgs() {
        return new String[] {"train", "--resume", checkpoint.toString(), "--epochs", "2"};
    }

    private void editMetadata(String key, String value) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(checkpoint);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put(key, value);
        SafeTensors.write(checkpoint, c.tensors(), meta);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
