package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.ModelFile;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lanes train} with a BatchNorm layer on the bundled digits; predict and eval use its running statistics. */
class TrainBatchNormTest {

    static final String NET = "linear(64,64) batchnorm1d(64) relu linear(64,10)";
    static final String DIGITS = "src/main/resources/dev/lanes/cli/data/digits.csv";
    /** 1438 training rows in batches of 32: 45 batches per epoch. */
    static final int BATCHES_PER_EPOCH = 45;

    @TempDir
    Path dir;

    @Test
    void trainsAndPredictsWithTheRunningStatistics() throws Exception {
        Path model = dir.resolve("bn.safetensors");
        CliRun train = CliRun.of("train", "--model", NET, "--epochs", "2", "--out", model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        Matcher accuracy = Pattern.compile("test accuracy (\\d+\\.\\d)%").matcher(train.out());
        assertTrue(accuracy.find(), train::toString);
        assertTrue(Float.parseFloat(accuracy.group(1)) > 85f, train::toString);

        Sequential net = ModelFile.load(model, null).model();
        assertEquals(2f * BATCHES_PER_EPOCH, net.stateDict().get("1.num_batches_tracked").item());

        List<String> lines = Files.readAllLines(Path.of(DIGITS));
        float[] rows = new float[4 * 64];
        for (int r = 0; r < 4; r++) {
            String[] fields = lines.get(r + 1).split(",");
            for (int j = 0; j < 64; j++) {
                rows[r * 64 + j] = Float.parseFloat(fields[j]);
            }
        }
        Path input = dir.resolve("rows.csv");
        Files.write(input, lines.subList(0, 5));
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", input.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> out = predict.out().lines().toList();
        Tensor eval;
        Tensor batchStats;
        try (var scope = GradMode.noGrad()) {
            eval = net.forward(Tensor.of(rows, 4, 64)); // load returns it in eval mode
            batchStats = net.train().forward(Tensor.of(rows, 4, 64));
        }
        for (int r = 0; r < 4; r++) {
            float[] printed = parseOutputs(out.get(r + 1));
            float[] expected = Arrays.copyOfRange(eval.toArray(), r * 10, r * 10 + 10);
            assertArrayEquals(expected, printed, 1e-5f, "row " + r);
            assertFalse(Arrays.equals(expected, Arrays.copyOfRange(batchStats.toArray(), r * 10, r * 10 + 10)),
                    "the batch's own statistics would give other outputs, or this test proves nothing");
        }

        CliRun info = CliRun.of("info", model.toString());
        assertTrue(info.out().contains("parameters: 4,938"), info::toString); // 64*64+64 + 2*64 + 64*10+10
        assertTrue(info.out().lines().anyMatch(l -> l.matches(" +1\\.running_var +\\[64] +\\(buffer\\)")),
                info::toString);

        CliRun evaluated = CliRun.of("eval", "--model", model.toString());
        assertEquals(0, evaluated.exitCode(), evaluated::toString);
        assertTrue(evaluated.out().contains("1797 rows"), evaluated::toString);
    }

    /** The output_* columns of a predict line ({@code digit,output_0,...,output_9}). */
    private static float[] parseOutputs(String line) {
        String[] fields = line.split(",");
        float[] v = new float[fields.length - 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(fields[i + 1]);
        }
        return v;
    }

    /**
     * 1438 rows in batches of 3 leave a last batch of 1, which BatchNorm cannot normalise in training: refused before
     * the first epoch (it used to fail at the end of epoch 1), with a batch size that works.
     */
    @Test
    void aBatchSizeThatLeavesOneRowIsRefusedBeforeTraining() {
        CliRun r = CliRun.failsInOneLine("train", "--model", NET, "--epochs", "1", "--batch-size", "3");
        assertTrue(r.err().contains("--batch-size 3 leaves a batch of 1 of the 1438 training rows, but layer 1"
                + " (BatchNorm1d) needs at least 2 rows to train; use --batch-size 4"), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
        CliRun ok = CliRun.of("train", "--model", "64-32-10:relu,none", "--epochs", "1", "--batch-size", "3");
        assertTrue(ok.exitCode() == 0, ok::toString); // no BatchNorm: a batch of one row is fine
    }

    /** A BatchNorm that normalises by its batch when evaluating too (no running statistics). */
    static final String BATCH_STATISTICS_NET =
            "linear(64,16) batchnorm1d(16,track_running_stats=false) relu linear(16,10)";

    /** One held-out row cannot be evaluated by it: refused before training, not after the first epoch. */
    @Test
    void aHeldOutSetTooSmallForBatchStatisticsIsRefusedBeforeTraining() {
        CliRun r = CliRun.failsInOneLine("train", "--model", BATCH_STATISTICS_NET, "--epochs", "1",
                "--validation-split", "0.0005");
        assertTrue(r.err().contains("--validation-split 0.0005 holds out 1 row, but layer 1 (BatchNorm1d) normalises"
                + " by its batch when evaluating too and needs at least 2 rows"), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
    }

    /**
     * 1025 rows are evaluated in chunks of 1024: the last row alone would be a batch it cannot normalise, so it
     * joins the chunk before — in training's held-out evaluation and in {@code eval}; {@code predict} on a single row
     * says why it cannot, naming the model file.
     */
    @Test
    void rowsPastAWholeChunkAreEvaluatedWithBatchStatistics() throws Exception {
        Path model = dir.resolve("batch-statistics.safetensors");
        CliRun train = CliRun.of("train", "--model", BATCH_STATISTICS_NET, "--epochs", "1",
                "--validation-split", "0.5704", "--out", model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        assertTrue(train.out().contains("1025 held out"), train::toString);

        Path rows = dir.resolve("rows.csv");
        Files.write(rows, Files.readAllLines(Path.of(DIGITS)).subList(0, 1026)); // header and 1025 rows
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", rows.toString());
        assertEquals(0, eval.exitCode(), eval::toString);
        assertTrue(eval.out().contains("1025 rows"), eval::toString);

        Path oneRow = dir.resolve("one.csv");
        Files.write(oneRow, Files.readAllLines(Path.of(DIGITS)).subList(0, 2));
        CliRun predict = CliRun.failsInOneLine("predict", "--model", model.toString(), "--data", oneRow.toString());
        assertTrue(predict.err().contains(model + ": layer 1 (BatchNorm1d) normalises by its batch (no running"
                + " statistics) and needs at least 2 rows at once, but " + oneRow + " has 1 row"), predict::toString);
    }

    /** A model the fused step cannot plan says it trains through autograd; one it plans says nothing of it. */
    @Test
    void theTrainingPathIsNamedWhenItIsNotTheFusedStep() {
        CliRun slow = CliRun.of("train", "--model", "linear(64,32) relu batchnorm1d(32) layernorm(32) linear(32,10)",
                "--epochs", "1");
        assertEquals(0, slow.exitCode(), slow::toString);
        assertTrue(slow.out().lines().anyMatch(l -> l.equals("training through autograd: the fused step does not take a"
                + " layer or the loss of this model (slower per step)")), slow::toString);
        CliRun fused = CliRun.of("train", "--model", NET, "--epochs", "1");
        assertEquals(0, fused.exitCode(), fused::toString);
        assertFalse(fused.out().contains("autograd"), fused::toString);
    }
}
