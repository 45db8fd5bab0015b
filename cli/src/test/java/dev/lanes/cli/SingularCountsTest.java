package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A count of one reads in the singular in train, eval and predict output: "1 epoch", not "1 epochs". */
class SingularCountsTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointOfOneEpochHasTrainedOneEpoch() {
        Path checkpoint = dir.resolve("one.checkpoint.safetensors");
        CliRun first = CliRun.of("train", "--model", "64-8-10:relu,none", "--epochs", "1", "--checkpoint-every", "1",
                "--checkpoint", checkpoint.toString());
        assertEquals(0, first.exitCode(), first::toString);
        CliRun r = CliRun.failsInOneLine("train", "--resume", checkpoint.toString(), "--epochs", "1");
        assertTrue(r.err().contains(" has already trained 1 epoch; ask for more with --epochs"), r::toString);
    }

    @Test
    void aModelOfOneOutputGivesOneOutput() {
        CliRun r = CliRun.failsInOneLine("train", "--model", "64-1:none", "--epochs", "1");
        assertTrue(r.err().contains("--model '64-1:none' gives 1 output but 10 classes needs 10"), r::toString);
    }

    @Test
    void oneFeatureOneRowAndOnePrediction() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(2 * i).append('\n');
        }
        Path data = Files.writeString(dir.resolve("line.csv"), csv);
        Path model = dir.resolve("line.safetensors");
        CliRun train = CliRun.of("train", "--data", data.toString(), "--regression", "--model", "1-4-1:relu,none",
                "--epochs", "1", "--out", model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        assertTrue(train.out().contains(": 16 training rows, 4 held out, 1 feature -> a value"), train::toString);

        Path one = Files.writeString(dir.resolve("one.csv"), "x,y\n3,6\n");
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", one.toString());
        assertEquals(0, eval.exitCode(), eval::toString);
        assertTrue(eval.out().contains(" on " + one + ": 1 row\n"), eval::toString);

        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", one.toString(), "--out",
                dir.resolve("p.csv").toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        assertTrue(predict.err().contains("wrote 1 prediction to "), predict::toString);
    }
}
