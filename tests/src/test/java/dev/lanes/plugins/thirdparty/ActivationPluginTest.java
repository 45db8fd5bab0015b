package dev.lanes.plugins.thirdparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.DenseStack;
import dev.lanes.nn.Loss;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.TrainStep;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An activation plugin (Mish) cannot join the fused path: {@code FusableActivation} names one of the kernel's fixed
 * activations. A model with it has no plan, so it trains through autograd and is served through its module forward,
 * with the right numbers (Mish checked against its formula in double).
 */
class ActivationPluginTest {

    static final String SPEC = "linear(4,8) mish linear(8,3)";

    @TempDir
    Path dir;

    @Test
    void noPlanSoTrainingFallsBackToAutogradAndLearns() {
        Sequential net = ModelSpec.parse(SPEC, 2);
        assertTrue(DenseStack.of(net).isEmpty());
        Loss mse = Losses.create("mse", Options.empty());
        Optimizer adam = Optimizers.create("adam", net.parameters(), Options.of("lr", 0.02f));
        assertTrue(TrainStep.of(net, mse, adam).isEmpty(), "callers then run the autograd loop");
        Random rng = new Random(8);
        Tensor x = Tensor.randn(rng, 32, 4);
        Tensor y = x.narrow(1, 0, 3).tanh();
        float first = 0;
        float last = 0;
        for (int i = 0; i < 150; i++) {
            adam.zeroGrad();
            Tensor loss = mse.forward(net.forward(x), y);
            loss.backward();
            adam.step();
            first = i == 0 ? loss.item() : first;
            last = loss.item();
        }
        assertTrue(last < first / 5, "loss " + first + " -> " + last);
    }

    @Test
    void servedThroughItsModuleForwardWithMishValues() throws Exception {
        Sequential net = ModelSpec.parse(SPEC, 6);
        Path file = dir.resolve("mish.safetensors");
        ModelFile.save(file, net, new ModelMetadata(ModelSpec.format(net), List.of(), List.of(), null, null, null));
        Predictor predictor = Predictor.load(file);
        float[] row = {0.3f, -1.2f, 2f, 0.05f};
        float[] served = predictor.predict(row);

        // the same network worked out in double: W2·mish(W1·x + b1) + b2
        var state = net.stateDict();
        float[] w1 = state.get("0.weight").toArray();
        float[] b1 = state.get("0.bias").toArray();
        float[] w2 = state.get("2.weight").toArray();
        float[] b2 = state.get("2.bias").toArray();
        double[] hidden = new double[8];
        for (int h = 0; h < 8; h++) {
            double z = b1[h];
            for (int i = 0; i < 4; i++) {
                z += (double) w1[h * 4 + i] * row[i];
            }
            hidden[h] = z * Math.tanh(Math.log1p(Math.exp(z)));
        }
        for (int o = 0; o < 3; o++) {
            double out = b2[o];
            for (int h = 0; h < 8; h++) {
                out += w2[o * 8 + h] * hidden[h];
            }
            assertEquals(out, served[o], 1e-5, "output " + o);
        }
        try (var scope = GradMode.noGrad()) {
            assertArrayEquals(net.eval().forward(Tensor.of(row, 1, 4)).toArray(), served);
        }
    }
}
