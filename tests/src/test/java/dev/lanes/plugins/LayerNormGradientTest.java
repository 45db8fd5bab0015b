package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.LayerNorm;
import dev.lanes.nn.Module;
import dev.lanes.spi.LayerSample;
import dev.lanes.spi.Layers;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * LayerNorm's hand-written backward against finite differences beyond its registry sample: the contract builds the
 * layer with weight 1 and bias 0, where a backward that forgot the weight in the input's gradient would pass, so
 * here the parameters are random, and the sizes and options vary.
 */
class LayerNormGradientTest {

    @Test
    void theRegistryContractChecksLayerNormsInputWeightAndBias() {
        assertTrue(new LayerGradientProperties().registeredNames().contains("layernorm"));
        LayerSample sample = Layers.registry().get("layernorm").sample(new Random(0));
        assertTrue(sample.inputDifferentiable());
        Module layer = Layers.create("layernorm", sample.options());
        assertEquals(List.of("weight", "bias"), List.copyOf(layer.namedParameters().keySet()));
        assertEquals(3, sample.input().dim(), "a [B, T, n] input");
    }

    @Test
    void gradientsMatchFiniteDifferencesWithRandomParameters() {
        check(new int[] {5}, true, true, 4, 5);       // odd n
        check(new int[] {6}, true, true, 2, 3, 6);    // [B, T, n]
        check(new int[] {1}, true, true, 3, 1);       // n = 1: the output is the bias, the input gets no gradient
        check(new int[] {3, 4}, true, true, 2, 3, 4); // two normalised dimensions
        check(new int[] {5}, true, false, 4, 5);      // weight only
        check(new int[] {5}, false, true, 4, 5);      // no parameters
    }

    private static void check(int[] normalizedShape, boolean affine, boolean bias, int... inputShape) {
        long seed = 11;
        Supplier<Module> factory = () -> {
            LayerNorm ln = new LayerNorm(normalizedShape, 1e-5f, affine, bias);
            Random rng = new Random(seed);
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : ln.parameters()) {
                    p.copyInPlace(Tensor.randn(rng, normalizedShape).add(0.5f));
                }
            }
            return ln;
        };
        Tensor x = Tensor.randn(new Random(seed + 1), inputShape).mul(2f); // spread rows: little curvature
        List<String> mismatches = GradCheck.layer(factory, x, true, seed);
        assertTrue(mismatches.isEmpty(), java.util.Arrays.toString(normalizedShape) + " affine=" + affine
                + " bias=" + bias + ": " + mismatches);
    }
}
