package dev.lanes.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictor gives the network's own numbers, applies the file's standardization, and exposes hidden layers. */
class PredictorTest {

    @TempDir
    Path dir;

    static final String SPEC = "linear(5, 8) relu linear(8, 6) tanh linear(6, 3)";

    static float[] randomRows(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian() * 3f;
        }
        return x;
    }

    static float[] forward(Sequential net, float[] x, int rows, int cols) {
        try (var scope = GradMode.noGrad()) {
            return net.forward(Tensor.of(x, rows, cols)).toArray();
        }
    }

    /**
     * The README's promise: training the module after making a predictor does not change its answers — also with
     * Dropout, whose layer stops passing through once the module is back in training mode (that used to make the
     * snapshot throw, and an embedding built after it run with dropout on).
     */
    @Test
    void trainingTheModuleAfterwardsChangesNeitherPredictionsNorEmbeddings() {
        Sequential net = ModelSpec.parse("linear(5, 8) relu dropout(0.5) linear(8, 3)", 7);
        Predictor p = Predictor.of(net);
        assertTrue(p.isFused());
        float[] x = randomRows(3, 5);
        float[] before = p.predict(x);
        net.train();
        assertArrayEquals(before, p.predict(x));
        assertArrayEquals(before, p.predict(x)); // dropout would draw a new mask per call
        float[] hidden = p.embed(x, 2);
        net.eval();
        assertArrayEquals(forward(net, x, 1, 5), p.predict(x));
        assertArrayEquals(hidden, Predictor.of(net).embed(x, 2));
    }

    /**
     * A predictor made between training epochs leaves the module's modes as they were when it serves a snapshot (the
     * training loop keeps its Dropout, a frozen sub-module stays in eval), and switches a live-served one to eval.
     */
    @Test
    void aSnapshotServedModuleKeepsItsModes() {
        Sequential net = ModelSpec.parse("linear(5, 8) relu dropout(0.5) linear(8, 3)", 7);
        net.train();
        net.layers().get(2).eval(); // a mixed state must come back as it was, not as train(true)
        Predictor p = Predictor.of(net);
        assertTrue(p.isFused());
        assertTrue(net.isTraining());
        assertTrue(net.layers().get(0).isTraining());
        assertFalse(net.layers().get(2).isTraining());

        Sequential live = ModelSpec.parse("linear(5, 8) gelu linear(8, 4) softmax", 2);
        live.train();
        assertFalse(Predictor.of(live).isFused());
        assertFalse(live.isTraining(), "a module served live runs in eval mode");
    }

    /** toString says which path serves, so a user can see that a model missed the fused plan. */
    @Test
    void toStringNamesThePath() {
        assertEquals("Predictor(5 -> 3, fused plan)", Predictor.of(ModelSpec.parse("linear(5,8) relu linear(8,3)", 1))
                .toString());
        assertEquals("Predictor(5 -> 3, module forward)", Predictor.of(ModelSpec.parse("linear(5,8) softmax(dim=1)"
                + " linear(8,3)", 1)).toString());
    }

    @Test
    void predictGivesTheModulesOwnOutputs() {
        Sequential net = ModelSpec.parse(SPEC, 7);
        Predictor p = Predictor.of(net);
        assertTrue(p.isFused(), "a dense stack runs on the fused plan");
        assertEquals(5, p.inputWidth());
        assertEquals(3, p.outputWidth());
        float[] x = randomRows(1, 5);
        assertArrayEquals(forward(net, x, 1, 5), p.predict(x));
        float[] out = new float[3];
        p.predict(x, out);
        assertArrayEquals(forward(net, x, 1, 5), out);

        float[] batch = randomRows(2, 4 * 5);
        assertArrayEquals(forward(net, batch, 4, 5), p.predictBatch(batch, 4));
        float[] longer = new float[4 * 3 + 2];
        p.predictBatch(batch, 4, longer);
        assertArrayEquals(forward(net, batch, 4, 5), java.util.Arrays.copyOf(longer, 12));
    }

    /** SiLU (which keeps its pre-activation) and ELU (with its alpha) run on the fused plan, as the module does. */
    @Test
    void siluAndEluAreServedOnTheFusedPlan() {
        Sequential net = ModelSpec.parse("linear(5,8) silu linear(8,6) elu(alpha=0.5) linear(6,3) elu", 4);
        Predictor p = Predictor.of(net);
        assertTrue(p.isFused(), p.toString());
        float[] batch = randomRows(3, 7 * 5);
        float[] expected = forward(net, batch, 7, 5);
        float[] served = p.predictBatch(batch, 7);
        for (int i = 0; i < expected.length; i++) { // the plan may take another GEMM path: rounding apart
            assertEquals(expected[i], served[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), "output " + i);
        }
    }

    /**
     * A request's answer does not depend on which other rows it was batched with, up to rounding: the kernel takes
     * other paths for a few rows (dot products on the weights) than for many (the packed matrix product), and
     * those sum in different orders, so the last bits may differ.
     */
    @Test
    void aRowGivesTheSameAnswerAloneAndInABatch() {
        for (String spec : List.of("64-128-64-10:relu,relu,none", "784-512-256-10:relu,tanh,none",
                "7-5-4-3:sigmoid,gelu,none")) {
            Predictor p = Predictor.of(ModelSpec.parse(spec, 9));
            int in = p.inputWidth();
            int out = p.outputWidth();
            for (int batch : new int[] {2, 7, 64}) {
                float[] rows = randomRows(batch, batch * in);
                float[] together = p.predictBatch(rows, batch);
                for (int r = 0; r < batch; r++) {
                    float[] alone = p.predict(java.util.Arrays.copyOfRange(rows, r * in, (r + 1) * in));
                    for (int j = 0; j < out; j++) {
                        float t = together[r * out + j];
                        assertEquals(t, alone[j], 1e-5f * Math.max(1f, Math.abs(t)),
                                spec + ", row " + r + " of " + batch + ", output " + j);
                    }
                }
            }
        }
    }

    @Test
    void aModelTheFusedPlanCannotRunFallsBackToItsForward() {
        Sequential net = ModelSpec.parse("linear(5, 8) gelu linear(8, 4) softmax", 2);
        Predictor p = Predictor.of(net);
        assertFalse(p.isFused());
        float[] batch = randomRows(3, 6 * 5);
        float[] y = p.predictBatch(batch, 6);
        assertArrayEquals(forward(net, batch, 6, 5), y);
        assertEquals(1f, y[0] + y[1] + y[2] + y[3], 1e-6f, "softmax rows sum to 1");
    }

    @Test
    void predictClassIsTheArgmaxAndLabelsComeFromTheFile() throws Exception {
        Sequential net = ModelSpec.parse(SPEC, 3);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, net, new ModelMetadata(SPEC, List.of("cat", "dog", "eel"), List.of(), "kind", null,
                null));
        Predictor p = Predictor.load(file);
        assertEquals(List.of("cat", "dog", "eel"), p.labels());
        for (int seed = 0; seed < 20; seed++) {
            float[] x = randomRows(seed, 5);
            int expected = Argmax.of(forward(net, x, 1, 5));
            assertEquals(expected, p.predictClass(x));
            assertEquals(p.labels().get(expected), p.predictLabel(x));
        }
    }

    @Test
    void theFilesStandardizationIsAppliedToRawInputs() throws Exception {
        Sequential net = ModelSpec.parse(SPEC, 5);
        float[] mean = {1f, -2f, 0.5f, 10f, 0f};
        float[] std = {2f, 0.25f, 1f, 3f, 1f};
        Path file = dir.resolve("std.safetensors");
        ModelFile.save(file, net, new ModelMetadata(SPEC, List.of(), List.of("a", "b", "c", "d", "e"), "y", mean,
                std));
        Predictor p = Predictor.load(file);
        float[] raw = randomRows(9, 2 * 5);
        float[] standardized = new Standardizer(mean, std).apply(raw);
        assertArrayEquals(forward(net, standardized, 2, 5), p.predictBatch(raw, 2));
        assertTrue(p.toString().contains("standardized"), p.toString());
    }

    @Test
    void embedReturnsTheOutputOfTheNumberedLayer() {
        Sequential net = ModelSpec.parse(SPEC, 11);
        Predictor p = Predictor.of(net);
        assertEquals(5, p.layers());
        float[] x = randomRows(4, 5);
        Tensor h0;
        Tensor h1;
        Tensor h3;
        try (var scope = GradMode.noGrad()) {
            h0 = net.get(0).forward(Tensor.of(x, 1, 5)); // the Linear alone: before its ReLU
            h1 = net.get(1).forward(h0);
            h3 = net.get(3).forward(net.get(2).forward(h1));
        }
        assertEquals(8, p.embeddingWidth(0));
        assertEquals(6, p.embeddingWidth(2));
        assertArrayEquals(h0.toArray(), p.embed(x, 0));
        assertArrayEquals(h1.toArray(), p.embed(x, 1), 1e-6f);
        assertArrayEquals(h3.toArray(), p.embed(x, 3), 1e-6f);
        assertArrayEquals(p.predict(x), p.embed(x, 4));
        assertTrue(min(p.embed(x, 1)) >= 0f, "layer 1 is the ReLU");

        float[] rows = randomRows(8, 3 * 5);
        float[] batch = p.embedBatch(rows, 3, 1);
        for (int r = 0; r < 3; r++) {
            float[] one = new float[8];
            p.embed(java.util.Arrays.copyOfRange(rows, r * 5, r * 5 + 5), 1, one);
            assertArrayEquals(one, java.util.Arrays.copyOfRange(batch, r * 8, r * 8 + 8), 1e-6f);
        }
    }

    /**
     * A dense network is served from the weights it had when the predictor was made, for predict and for every
     * embed layer, even one first asked for after the module was trained.
     */
    @Test
    void predictionsKeepTheWeightsOfCreationTime() {
        Sequential net = ModelSpec.parse(SPEC, 12);
        Predictor p = Predictor.of(net);
        float[] rows = randomRows(9, 40 * 5);
        float[] predicted = forward(net, rows, 40, 5);
        float[] hidden;
        try (var scope = GradMode.noGrad()) {
            hidden = net.get(1).forward(net.get(0).forward(Tensor.of(rows, 40, 5))).toArray();
            for (Tensor param : net.parameters()) {
                param.mulInPlace(-2f); // what training does to the same arrays
            }
        }
        assertFalse(java.util.Arrays.equals(predicted, forward(net, rows, 40, 5)), "the module changed");
        assertArrayEquals(predicted, p.predictBatch(rows, 40));
        assertArrayEquals(hidden, p.embedBatch(rows, 40, 1), 1e-6f);
    }

    @Test
    void embedOutsideTheLayersNamesTheRange() {
        Predictor p = Predictor.of(ModelSpec.parse(SPEC, 1));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> p.embed(new float[5], 5));
        assertEquals("embed: layer 5 is out of range; the model has 5 layers, 0 to 4", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> p.embed(new float[5], -1));
    }

    private static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float f : v) {
            m = Math.min(m, f);
        }
        return m;
    }
}
