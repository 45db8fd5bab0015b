package dev.lanes.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.BatchNorm1d;
import dev.lanes.layers.LayerNorm;
import dev.lanes.nn.DenseStack;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A predictor folds BatchNorm in eval mode into the dense layer before it and serves the network on the fused plan:
 * the module's own outputs within float rounding, the module itself untouched.
 */
class PredictorFoldingTest {

    /**
     * Folding rounds each weight once (W·scale) and the bias once, where the module rounds (z − mean)·invStd·γ + β
     * in steps: a few float ulps of the output's terms. 1e-5 of the largest output plus 1e-5 relative leaves room for
     * that, while a wrong scale or shift (a missing γ, eps left out, the mean not subtracted) is off by 1e-2 or more.
     */
    private static void assertCloseToModule(Module net, float[] x, int rows, int width, float[] got) {
        float[] expected;
        try (var scope = GradMode.noGrad()) {
            expected = net.forward(Tensor.of(x, rows, width)).toArray();
        }
        float largest = 0f;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertEquals(expected.length, got.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5f * largest + 1e-5f * Math.abs(expected[i]), "output " + i);
        }
    }

    /** Random γ, β and running statistics (LayerNorm's γ, β too), as after training: every term of the fold matters. */
    private static void randomise(Sequential net, long seed) {
        Random r = new Random(seed);
        for (Module m : net.namedModules().values()) {
            if (m instanceof LayerNorm ln && ln.weight() != null) {
                fill(ln.weight(), r, 1f, 0.5f);
                if (ln.bias() != null) {
                    fill(ln.bias(), r, 1f, 0f);
                }
            }
            if (m instanceof BatchNorm1d bn) {
                fill(bn.runningMean(), r, 2f, 0f);
                fill(bn.runningVar(), r, 1.5f, 0.2f); // positive
                if (bn.weight() != null) {
                    fill(bn.weight(), r, 1f, 0.5f);
                    fill(bn.bias(), r, 1f, 0f);
                }
            }
        }
    }

    private static void fill(Tensor t, Random r, float spread, float offset) {
        float[] v = t.storage();
        for (int i = 0; i < v.length; i++) {
            v[i] = offset + spread * r.nextFloat();
        }
        t.markModified();
    }

    private static float[] rows(long seed, int n) {
        return PredictorTest.randomRows(seed, n);
    }

    @Test
    void batchNormIsFoldedAndServedOnTheFusedPlan() {
        for (String spec : new String[] {
            "linear(6,16) batchnorm1d(16) relu linear(16,8) batchnorm1d(8) tanh linear(8,3)",
            "linear(6,16,bias=false) batchnorm1d(16,affine=false) relu linear(16,3) batchnorm1d(3)",
            "linear(6,16) batchnorm1d(16) batchnorm1d(16) gelu linear(16,3)",
            "linear(6,16) batchnorm1d(16) dropout(0.3) linear(16,3)"}) {
            assertServedFusedAsTheModule(spec);
        }
    }

    /**
     * A norm after an activation: BatchNorm in eval mode folded into the next dense layer (W·diag(scale),
     * b + W·shift), with or without affine, before a layer without bias, across a dropout that passes through, on a
     * stage whose own BatchNorm is folded too; run in the plan over a copy when no dense layer follows; LayerNorm run in
     * the plan.
     */
    @Test
    void normsAfterActivationsAreServedOnTheFusedPlan() {
        for (String spec : new String[] {
            "linear(6,16) relu batchnorm1d(16) linear(16,8) tanh batchnorm1d(8,affine=false) linear(8,3)",
            "linear(6,16) batchnorm1d(16) gelu batchnorm1d(16) linear(16,8,bias=false) batchnorm1d(8) relu"
                + " batchnorm1d(8) linear(8,3) sigmoid batchnorm1d(3)",
            "linear(6,16) relu batchnorm1d(16) dropout(0.3) linear(16,3)",
            "linear(6,16) relu layernorm(16) linear(16,8) batchnorm1d(8) gelu layernorm(8,elementwise_affine=false)"
                + " linear(8,3)"}) {
            assertServedFusedAsTheModule(spec);
        }
        Sequential net = ModelSpec.parse("linear(6,16) relu batchnorm1d(16) linear(16,8) tanh batchnorm1d(8)", 3);
        randomise(net, 4);
        net.eval();
        List<DenseStack.Stage> stages = DenseStack.forInference(net).orElseThrow().stages();
        assertNull(stages.get(0).postNorm(), "folded into the next dense layer");
        assertTrue(stages.get(1).weight() != net.layers().get(3).parameters().getFirst(), "which reads a copy");
        assertSame(net.layers().get(5), stages.get(1).postNorm(), "the last one runs in the plan");
        Predictor p = Predictor.of(net);
        float[] x = rows(7, 6);
        assertCloseToModule(Sequential.of(net.layers().subList(0, 3).toArray(Module[]::new)), x, 1, 6, p.embed(x, 2));
        float[] served = p.predict(x);
        fill(((BatchNorm1d) net.layers().get(5)).runningMean(), new Random(8), 2f, 0f);
        assertArrayEquals(served, p.predict(x), "the predictor serves the statistics it was made with");
    }

    /** Random norm parameters and statistics, eval mode: the predictor is fused and gives the module's outputs. */
    private static void assertServedFusedAsTheModule(String spec) {
        Sequential net = ModelSpec.parse(spec, 3);
        randomise(net, 4);
        net.eval();
        Map<String, Tensor> before = net.stateDict();
        float[][] weightsBefore = before.values().stream().map(Tensor::toArray).toArray(float[][]::new);
        Predictor p = Predictor.of(net);
        assertTrue(p.isFused(), spec);
        assertCloseToModule(net, rows(1, 6), 1, 6, p.predict(rows(1, 6)));
        assertCloseToModule(net, rows(2, 7 * 6), 7, 6, p.predictBatch(rows(2, 7 * 6), 7));
        float[][] weightsAfter = net.stateDict().values().stream().map(Tensor::toArray).toArray(float[][]::new);
        for (int i = 0; i < weightsBefore.length; i++) {
            assertArrayEquals(weightsBefore[i], weightsAfter[i], spec + ": the module's own tensors are untouched");
        }
    }

    @Test
    void anEmbeddingBeforeTheNormIsTheLinearLayersOwnOutput() {
        Sequential net = ModelSpec.parse("linear(6,16) batchnorm1d(16) relu linear(16,3)", 5);
        randomise(net, 6);
        net.eval();
        Predictor p = Predictor.of(net);
        float[] x = rows(3, 6);
        assertCloseToModule(Sequential.of(net.layers().get(0)), x, 1, 6, p.embed(x, 0));
        assertCloseToModule(Sequential.of(net.layers().get(0), net.layers().get(1)), x, 1, 6, p.embed(x, 1));
    }

    /**
     * A LayerNorm after a dense layer normalises each row by itself, so the served plan runs it, over a copy of its
     * weight and bias taken with the predictor (later changes to the module are not served), prefixes included.
     */
    @Test
    void layerNormRunsInTheServedPlanOverACopy() {
        Sequential net = ModelSpec.parse("linear(6,16) layernorm(16) relu linear(16,8) layernorm(8,bias=false)"
                + " linear(8,3)", 8);
        Random r = new Random(9);
        for (Tensor p : net.parameters()) {
            fill(p, r, 1f, 0.5f);
        }
        Predictor p = Predictor.of(net);
        assertTrue(p.isFused());
        float[] x = rows(5, 4 * 6);
        assertCloseToModule(net, x, 4, 6, p.predictBatch(x, 4));
        assertCloseToModule(Sequential.of(net.layers().get(0), net.layers().get(1)), rows(6, 6), 1, 6,
                p.embed(rows(6, 6), 1));
        float[] served = p.predictBatch(x, 4);
        fill(((LayerNorm) net.layers().get(1)).weight(), r, 3f, 1f);
        assertArrayEquals(served, p.predictBatch(x, 4), "the predictor serves the weights it was made with");
        assertCloseToModule(net, x, 4, 6, Predictor.of(net).predictBatch(x, 4));
    }

    /** Whether the training plan's first stage reads the model's own first weight and runs the norm after it. */
    private static boolean runsTheNormLive(Sequential net) {
        DenseStack.Stage first = DenseStack.of(net).orElseThrow().stages().getFirst();
        return first.norm() == net.layers().get(1) && first.weight() == net.parameters().getFirst();
    }

    @Test
    void normsThatAreNotAFixedMapStayLive() {
        Sequential untracked = ModelSpec.parse("linear(6,16) batchnorm1d(16,track_running_stats=false) relu"
                + " linear(16,3)", 7);
        untracked.eval();
        assertTrue(DenseStack.forInference(untracked).isEmpty(), "batch statistics even in eval mode");
        Predictor live = Predictor.of(untracked); // its output width found with two rows, not one
        assertFalse(live.isFused());
        assertCloseToModule(untracked, rows(4, 3 * 6), 3, 6, live.predictBatch(rows(4, 3 * 6), 3));
        Sequential afterActivation = ModelSpec.parse("linear(6,16) relu batchnorm1d(16,track_running_stats=false)"
                + " linear(16,3)", 7);
        afterActivation.eval();
        assertFalse(Predictor.of(afterActivation).isFused(), "batch statistics after the activation too");
        Sequential training = ModelSpec.parse("linear(6,16) batchnorm1d(16) relu linear(16,3)", 7);
        training.train();
        assertTrue(runsTheNormLive(training), "the training plan never folds: the norm runs in it");
        training.eval();
        assertTrue(runsTheNormLive(training), "only the inference plan folds");
        assertTrue(DenseStack.forInference(training).orElseThrow().stages().getFirst().norm() == null, "folded");
    }
}
