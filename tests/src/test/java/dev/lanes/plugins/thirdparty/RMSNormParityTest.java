package dev.lanes.plugins.thirdparty;

import static dev.lanes.plugins.thirdparty.TorchValues.assertClose;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.lanes.nn.Loss;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.TrainStep;
import dev.lanes.optim.Optimizer;
import dev.lanes.spi.Layers;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The RMSNorm plugin against PyTorch 2.13's {@code nn.RMSNorm} ({@code tests/fixtures/plugins}, written by the script
 * there): values and input and weight gradients on 6 cases, and three SGD steps of
 * {@code linear(4,8) rmsnorm(8) relu linear(8,3)} through {@link TrainStep}.
 */
class RMSNormParityTest {

    /** Sums in double, one rounding to float: a slip in the formula (n−1, a lost weight factor) is off by 1e-2. */
    static final float TOLERANCE = 1e-6f;
    /**
     * Float32 on both sides through two dense layers and three steps; it also passes at 1e-7 on the vector kernel
     * (16 and 8 lanes) and the scalar one, so 1e-6 is rounding room, while a wrong gradient is off by 1e-3.
     */
    static final float TRAINING_TOLERANCE = 1e-6f;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rows", "eps_large", "batch_time_features", "no_affine", "zero_row", "n1"})
    void valuesAndGradientsMatchPyTorch(String name) {
        Map<String, Tensor> c = TorchValues.under(name + ".");
        Tensor x = c.get("input");
        int features = x.shape()[x.dim() - 1];
        float eps = c.get("eps").item();
        boolean affine = c.get("elementwise_affine").item() == 1f;
        Options options = Options.of("normalized_shape", features, "elementwise_affine", affine);
        Module layer = Layers.create("rmsnorm", eps < 0 ? options : options.with("eps", eps)); // -1: eps=None
        assertInstanceOf(RMSNorm.class, layer);
        if (affine) {
            layer.loadStateDict(Map.of("weight", c.get("weight")));
        }
        Tensor input = x.copy().requiresGrad(true);
        Tensor y = layer.forward(input);
        y.mul(c.get("upstream")).sum().backward();
        assertClose(name + " value", c.get("value").toArray(), y.toArray(), TOLERANCE, TOLERANCE);
        assertClose(name + " grad_input", c.get("grad_input").toArray(), input.grad().toArray(), TOLERANCE,
                TOLERANCE);
        if (affine) {
            assertClose(name + " grad_weight", c.get("grad_weight").toArray(),
                    layer.namedParameters().get("weight").grad().toArray(), TOLERANCE, TOLERANCE);
        }
    }

    @Test
    void threeSgdStepsThroughTrainStepMatchPyTorch() {
        Sequential net = ModelSpec.parse("linear(4,8) rmsnorm(8) relu linear(8,3)");
        net.loadStateDict(TorchValues.under("train.init."));
        Optimizer sgd = Optimizers.create("sgd", net.parameters(), Options.of("lr", 0.1f));
        Loss mse = Losses.create("mse", Options.empty());
        TrainStep step = TrainStep.of(net, mse, sgd).orElseThrow(() -> new AssertionError("no fused plan"));
        float[] x = TorchValues.RMSNORM.get("train.x").toArray();
        float[] y = TorchValues.RMSNORM.get("train.y").toArray();
        float[] losses = new float[3];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = step.step(x, y, 6);
        }
        assertClose("losses", TorchValues.RMSNORM.get("train.losses").toArray(), losses, TRAINING_TOLERANCE,
                TRAINING_TOLERANCE);
        TorchValues.under("train.final.").forEach((k, v) -> assertClose(k, v.toArray(),
                net.stateDict().get(k).toArray(), TRAINING_TOLERANCE, TRAINING_TOLERANCE));
    }
}
