package dev.lanes.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Batch;
import dev.lanes.data.DataLoader;
import dev.lanes.data.TensorDataset;
import dev.lanes.infer.Predictor;
import dev.lanes.layers.BatchNorm1d;
import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.loss.MSELoss;
import dev.lanes.layers.optim.AdamW;
import dev.lanes.nn.Generator;
import dev.lanes.nn.GradClip;
import dev.lanes.nn.Init;
import dev.lanes.nn.Initializers;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.ParameterDict;
import dev.lanes.nn.ParameterList;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Optimizer;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A user's program: a hand-written module (a Linear + BatchNorm1d trunk, a hand-written head on a ParameterList and a
 * ParameterDict, all initialised through {@link Initializers}), trained with AdamW, weight decay and gradient
 * clipping, then served with {@link Predictor}: its answers are the module's own eval-mode forward.
 */
class CustomModuleServingUsageTest {

    /** Trunk then a residual-free hand-written head: relu(x·W0 + b0)·W1 + b1, times a per-output gain. */
    static final class Regressor extends Module {
        final Sequential trunk = registerModule("trunk", Sequential.of(new Linear(5, 12), new BatchNorm1d(12),
                new ReLU()));
        final ParameterList w = registerModule("w", new ParameterList());
        final ParameterDict head = registerModule("head", new ParameterDict());

        Regressor() {
            w.append(Initializers.kaimingUniform(Tensor.zeros(12, 8), 0, "fan_out", "relu"));
            w.append(Initializers.xavierNormal(Tensor.zeros(8, 2)));
            head.put("b0", Initializers.zeros(Tensor.zeros(8)));
            head.put("b1", Initializers.constant(Tensor.zeros(2), 0.1));
            head.put("gain", Initializers.ones(Tensor.zeros(2)));
            Linear first = (Linear) trunk.get(0);
            Initializers.kaimingNormal(first.weight(), 0, "fan_in", "relu");
            Initializers.zeros(first.bias());
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = trunk.call(x).mm(w.get(0)).add(head.get("b0")).relu();
            return h.mm(w.get(1)).add(head.get("b1")).mul(head.get("gain"));
        }
    }

    private static TensorDataset data() {
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 64, 5);
        float[] xs = x.toArray();
        float[] y = new float[64 * 2];
        for (int i = 0; i < 64; i++) {
            y[2 * i] = xs[5 * i] - 2 * xs[5 * i + 1];
            y[2 * i + 1] = xs[5 * i + 2] * xs[5 * i + 3];
        }
        return new TensorDataset(x, Tensor.of(y, 64, 2));
    }

    private static Regressor trained() {
        Init.manualSeed(11);
        Regressor net = new Regressor();
        Optimizer optimizer = new AdamW(net.parameters(), 0.01f, 0.9f, 0.999f, 1e-8f, 0.05f, false);
        Loss lossFn = new MSELoss();
        DataLoader loader = new DataLoader(data(), 16, true);
        float first = Float.NaN;
        float last = Float.NaN;
        for (int epoch = 0; epoch < 30; epoch++) {
            for (Batch b : loader) {
                Tensor loss = lossFn.call(net.call(b.features()), b.targets());
                optimizer.zeroGrad();
                loss.backward();
                float norm = GradClip.clipGradNorm(net.parameters(), 1.0f);
                assertTrue(Float.isFinite(norm), "grad norm " + norm);
                optimizer.step();
                last = loss.item();
                if (Float.isNaN(first)) {
                    first = last;
                }
            }
        }
        assertTrue(last < first / 2, "loss went from " + first + " to " + last);
        return net;
    }

    @Test
    void predictorServesTheModulesEvalForward() {
        Regressor net = trained();
        float[] rows = Tensor.randn(new Generator(5), 7, 5).toArray();

        Predictor predictor = Predictor.of(net, 5);
        assertEquals(2, predictor.outputWidth());
        float[] served = predictor.predictBatch(rows, 7);

        net.eval();
        float[] expected;
        try (var s = GradMode.noGrad()) {
            expected = net.forward(Tensor.of(rows, 7, 5)).toArray();
        }
        assertArrayEquals(expected, served, 1e-5f);
        float[] one = predictor.predict(java.util.Arrays.copyOfRange(rows, 5, 10));
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 2, 4), one, 1e-5f);
    }

    @Test
    void predictorFoldsTheTrunksBatchNormAndMatchesItsEvalForward() {
        Regressor net = trained();
        float[] rows = Tensor.randn(new Generator(6), 9, 5).toArray();

        Predictor predictor = Predictor.of(net.trunk); // the trunk alone is a dense stack: BatchNorm folded
        float[] served = predictor.predictBatch(rows, 9);
        assertTrue(net.trunk.isTraining(), "a folded predictor leaves the module's mode alone");

        net.trunk.eval();
        float[] expected;
        try (var s = GradMode.noGrad()) {
            expected = net.trunk.forward(Tensor.of(rows, 9, 5)).toArray();
        }
        assertArrayEquals(expected, served, 1e-5f);
    }
}
