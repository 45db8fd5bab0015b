package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.layers.BatchNorm1d;
import dev.lanes.nn.Module;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNorm's gradients against finite differences beyond the registry sample (2-D input, training, unit weight):
 * a length dimension, evaluation mode on moved running statistics, no affine parameters, and a scale and shift away
 * from 1 and 0. Each evaluation builds a fresh layer with the base one's state, so the running statistics that a
 * training forward moves never feed the next evaluation.
 */
class BatchNormGradientTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void trainingWithALengthDimension(long seed) {
        assertNoMismatch(GradCheck.layer(layer(seed, true, true), Tensor.randn(seed, 3, 2, 4), true, seed));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void trainingWithScaleAndShift(long seed) {
        assertNoMismatch(GradCheck.layer(layer(seed, true, true), Tensor.randn(seed + 10, 6, 2), true, seed));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void trainingWithoutAffineParameters(long seed) {
        assertNoMismatch(GradCheck.layer(layer(seed, false, true), Tensor.randn(seed, 5, 2), true, seed));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void evalModeOnRunningStatistics(long seed) {
        Supplier<Module> training = layer(seed, true, true);
        Supplier<Module> eval = () -> {
            Module m = training.get();
            m.forward(Tensor.randn(seed + 20, 8, 2).mul(2f).add(1f)); // moves the running statistics
            return m.eval();
        };
        assertNoMismatch(GradCheck.layer(eval, Tensor.randn(seed, 4, 2), true, seed));
    }

    /** A 2-channel BatchNorm with weight and bias drawn from {@code seed} (when affine). */
    private static Supplier<Module> layer(long seed, boolean affine, boolean track) {
        return () -> {
            BatchNorm1d bn = new BatchNorm1d(2, 1e-5f, 0.1f, affine, track);
            if (affine) {
                try (var scope = GradMode.noGrad()) {
                    bn.weight().copyInPlace(Tensor.rand(seed, 2).add(0.5f));
                    bn.bias().copyInPlace(Tensor.randn(seed + 1, 2));
                }
            }
            return bn;
        };
    }

    private static void assertNoMismatch(List<String> mismatches) {
        assertEquals(List.of(), mismatches);
    }
}
