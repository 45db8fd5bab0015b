package dev.lanes.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's session with the {@code lanes} program, from docs/cli.md: a LayerNorm / BatchNorm1d model trained with
 * {@code --loss} and {@code --optimizer} specs and checkpoints, stopped half way and resumed to the same model file
 * as one uninterrupted run; then {@code info} and {@code predict} on it.
 */
class CliNormWorkflowUsageTest {

    private static final String MODEL =
            "linear(4,16) layernorm(16) relu linear(16,16) batchnorm1d(16) relu linear(16,3)";

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result lanes(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path iris() throws IOException {
        Path file = dir.resolve("iris.csv");
        try (InputStream in = getClass().getResourceAsStream("/data/iris.csv")) {
            Files.copy(in, file);
        }
        return file;
    }

    private String[] train(Path data, String epochs, String... more) {
        String[] base = {"train", "--data", data.toString(), "--standardize", "--batch-size", "16", "--epochs", epochs,
                "--model", MODEL, "--loss", "crossentropy(label_smoothing=0.1)",
                "--optimizer", "adamw(weight_decay=0.05,betas=[0.9,0.99])", "--lr", "0.01"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void resumedRunWritesTheUninterruptedModelAndItServes() throws IOException {
        Path data = iris();
        Path whole = dir.resolve("whole.safetensors");
        Path half = dir.resolve("half.safetensors");
        Path ckpt = dir.resolve("half.checkpoint.safetensors");
        Path resumed = dir.resolve("resumed.safetensors");

        Result w = lanes(train(data, "4", "--out", whole.toString()));
        assertEquals(0, w.code(), w::err);
        Result h = lanes(train(data, "2", "--checkpoint-every", "1", "--out", half.toString()));
        assertEquals(0, h.code(), h::err);
        assertTrue(h.out().contains("checkpoints every epoch to " + ckpt), h.out());
        Result r = lanes("train", "--data", data.toString(), "--resume", ckpt.toString(), "--epochs", "4",
                "--out", resumed.toString());
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().contains("resuming after epoch 2"), r.out());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed), "resumed model file");

        Result info = lanes("info", resumed.toString());
        assertEquals(0, info.code(), info::err);
        assertTrue(info.out().contains("4.running_mean         [16]  (buffer)"), info.out());
        assertTrue(info.out().contains("parameters: 467"), info.out());

        Result predict = lanes("predict", "--model", resumed.toString(), "--data", data.toString());
        assertEquals(0, predict.code(), predict::err);
        assertTrue(predict.out().startsWith("species,output_setosa,output_versicolor,output_virginica\n"),
                predict.out());
        assertEquals(151, predict.out().lines().count());
    }

    @Test
    void resumingWithoutDataSaysToGiveTheDataAgain() throws IOException {
        Path ckpt = dir.resolve("lanes.checkpoint.safetensors");
        Result h = lanes(train(iris(), "1", "--checkpoint-every", "1", "--checkpoint", ckpt.toString()));
        assertEquals(0, h.code(), h::err);
        Result r = lanes("train", "--resume", ckpt.toString(), "--epochs", "2");
        assertEquals(2, r.code(), r::toString);
        assertEquals("lanes train: digits.csv (bundled): no column 'species'; " + ckpt + " records no data file and"
                + " without --data the bundled digits are read: give the data it was trained on with --data",
                r.err().strip());
    }

    @Test
    void aBatchNormWithoutRunningStatisticsTrains() throws IOException {
        Path data = iris();
        Result r = lanes("train", "--data", data.toString(), "--epochs", "1", "--model",
                "linear(4,8) batchnorm1d(8,track_running_stats=false) relu linear(8,3)");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("test accuracy"), r.out());
    }

    @Test
    void aSpecWhoseLayersDoNotChainIsBlamedNotTheData() throws IOException {
        Result r = lanes("train", "--data", iris().toString(), "--epochs", "1",
                "--model", "linear(4,16) layernorm(8) relu linear(8,3)");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("lanes train: --model 'linear(4,16) layernorm(8) relu linear(8,3)' does not"
                + " fit together (its first layer takes the 4 feature columns of "), r.err());
        assertTrue(r.err().contains("LayerNorm(8): expected an input whose last dimension is 8"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
