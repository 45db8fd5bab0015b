package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.Linear;
import dev.lanes.layers.optim.SGD;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Initializers as Lanes uses them: reproducible from a seed or from {@link Init#manualSeed}, in place on a layer's
 * parameters without breaking autograd, the deterministic ones exact, and one clear message per refusal. Their
 * distributions against PyTorch's are {@link InitializersParityTest}.
 */
class InitializersTest {

    /** Every random initialiser, each filling a [40, 30] tensor from the given generator (null: the default). */
    private static final List<BiConsumer<Tensor, RandomGenerator>> RANDOM = List.of(
            (t, g) -> Initializers.uniform(t, -1, 2, g),
            (t, g) -> Initializers.normal(t, 0.5, 2, g),
            (t, g) -> Initializers.truncNormal(t, 0, 1, -2, 2, g),
            (t, g) -> Initializers.truncNormal(t, 0, 1, 0.5, 1, g),
            (t, g) -> Initializers.xavierUniform(t, 1, g),
            (t, g) -> Initializers.xavierNormal(t, 1, g),
            (t, g) -> Initializers.kaimingUniform(t, 0, "fan_in", "relu", g),
            (t, g) -> Initializers.kaimingNormal(t, 0, "fan_out", "leaky_relu", g),
            (t, g) -> Initializers.orthogonal(t, 1, g));

    /** The values initialiser {@code i} of {@link #RANDOM} writes into a fresh [40, 30] tensor. */
    private static float[] draw(int i, RandomGenerator g) {
        Tensor t = Tensor.zeros(40, 30);
        RANDOM.get(i).accept(t, g);
        return t.storage();
    }

    @Test
    void theSameSeedGivesTheSameValuesAndAnotherSeedOthers() {
        for (int i = 0; i < RANDOM.size(); i++) {
            float[] a = draw(i, new Generator(11));
            assertArrayEquals(a, draw(i, new Generator(11)), "initialiser " + i);
            // not a Generator: drawn one by one, the same numbers
            assertArrayEquals(a, draw(i, new Random(11)), "initialiser " + i + " from java.util.Random");
            assertFalse(java.util.Arrays.equals(a, draw(i, new Generator(12))), "initialiser " + i + ", other seed");
        }
    }

    @Test
    void manualSeedControlsTheDefaultGenerator() {
        for (int i = 0; i < RANDOM.size(); i++) {
            Init.manualSeed(2024);
            float[] first = draw(i, null);
            Init.manualSeed(2024);
            assertArrayEquals(first, draw(i, null), "initialiser " + i);
            assertArrayEquals(first, draw(i, new Generator(2024)), "initialiser " + i + " vs new Generator(2024)");
        }
        Init.manualSeed(5);
        Tensor viaOverload = Initializers.kaimingUniform(Tensor.zeros(8, 6));
        Tensor explicit = Initializers.kaimingUniform(Tensor.zeros(8, 6), 0, "fan_in", "leaky_relu",
                new Generator(5));
        assertArrayEquals(explicit.storage(), viaOverload.storage(), "kaimingUniform(t) is a = 0, fan_in, leaky_relu");
    }

    /** Init's factories now delegate; Linear and Embedding must draw exactly what they drew before. */
    @Test
    void initsFactoriesDrawTheirFormerValues() {
        float bound = (float) (1 / Math.sqrt(7));
        Tensor u = Init.uniform(new Generator(3), bound, 5, 7);
        Tensor former = Tensor.rand(new Generator(3), 5, 7);
        float[] v = former.storage();
        for (int i = 0; i < v.length; i++) {
            v[i] = (2f * v[i] - 1f) * bound;
        }
        assertArrayEquals(former.storage(), u.storage());
        assertArrayEquals(Tensor.randn(new Generator(3), 5, 7).storage(),
                Init.normal(new Generator(3), 5, 7).storage());
    }

    @Test
    void initialisesALayersParametersInPlaceAndTrainingStillWorks() {
        Linear linear = new Linear(20, 10);
        Tensor weight = linear.weight();
        assertSame(weight, Initializers.kaimingUniform(weight, 0, "fan_in", "relu", new Generator(1)));
        Initializers.zeros(linear.bias());
        assertTrue(weight.isLeaf() && weight.requiresGrad(), "still a trainable leaf");
        assertNull(weight.gradFn(), "no graph node recorded");
        double bound = Math.sqrt(6.0 / 20);
        for (float w : weight.storage()) {
            assertTrue(Math.abs(w) <= bound, "weight " + w + " outside ±" + bound);
        }
        assertEquals(List.of(weight, linear.bias()), linear.parameters());

        Tensor x = Tensor.randn(new Generator(2), 16, 20);
        Tensor y = Tensor.randn(new Generator(3), 16, 10);
        SGD sgd = new SGD(linear.parameters(), 0.1f);
        float before = 0;
        for (int step = 0; step < 5; step++) {
            sgd.zeroGrad();
            Tensor loss = linear.forward(x).sub(y).pow(2).mean();
            if (step == 0) {
                before = loss.item();
            }
            loss.backward();
            assertNotNull(weight.grad());
            sgd.step();
        }
        float after = linear.forward(x).sub(y).pow(2).mean().item();
        assertTrue(after < before, "loss " + before + " -> " + after);
    }

    /** The version counter is bumped: a graph that saved the old values refuses backward instead of going wrong. */
    @Test
    void aGraphThatSavedTheOldValuesRefusesBackward() {
        for (int i = 0; i < RANDOM.size(); i++) {
            Tensor w = Tensor.randn(new Generator(4), 40, 30).requiresGrad(true);
            Tensor loss = w.mul(w).sum();
            RANDOM.get(i).accept(w, new Generator(5));
            var e = assertThrows(IllegalStateException.class, loss::backward, "initialiser " + i);
            assertTrue(e.getMessage().contains("modified by an in-place operation"), e.getMessage());
        }
        Tensor w = Tensor.randn(new Generator(4), 3, 3).requiresGrad(true);
        Tensor loss = w.mul(w).sum();
        Initializers.eye(w);
        assertThrows(IllegalStateException.class, loss::backward, "eye");
    }

    @Test
    void constantsAndEyeAreExact() {
        Tensor t = Tensor.randn(new Generator(6), 3, 4).requiresGrad(true);
        assertArrayEquals(new float[12], Initializers.zeros(t).storage());
        assertArrayEquals(Tensor.ones(3, 4).storage(), Initializers.ones(t).storage());
        assertArrayEquals(Tensor.full(0.3f, 3, 4).storage(), Initializers.constant(t, 0.3).storage());
        assertArrayEquals(new float[][] {{1, 0, 0}, {0, 1, 0}}, Initializers.eye(Tensor.full(7, 2, 3)).toArray2d());
        assertArrayEquals(new float[][] {{1, 0}, {0, 1}, {0, 0}}, Initializers.eye(Tensor.full(7, 3, 2)).toArray2d());
        assertTrue(t.isLeaf() && t.requiresGrad());
    }

    @Test
    void orthogonalGivesGainTimesASemiOrthogonalMatrix() {
        for (int[] shape : new int[][] {{64, 100}, {100, 64}, {8, 3, 2, 2}, {30, 30}}) {
            Tensor t = Initializers.orthogonal(Tensor.zeros(shape), 2.0, new Generator(9));
            int rows = shape[0];
            int cols = t.numel() / rows;
            float[] v = t.storage();
            boolean wide = rows <= cols; // then the rows are orthogonal, else the columns
            int n = wide ? rows : cols;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int k = 0; k < (wide ? cols : rows); k++) {
                        dot += wide ? v[i * cols + k] * v[j * cols + k] : v[k * cols + i] * v[k * cols + j];
                    }
                    assertEquals(i == j ? 4.0 : 0.0, dot, 1e-5, java.util.Arrays.toString(shape) + " " + i + "," + j);
                }
            }
        }
    }

    @Test
    void zeroElementTensorsAreLeftAloneWherePyTorchAllowsThem() {
        Tensor empty = Tensor.zeros(0);
        assertSame(empty, Initializers.kaimingUniform(empty));
        Tensor noColumns = Tensor.zeros(3, 0);
        assertSame(noColumns, Initializers.kaimingNormal(noColumns));
        Initializers.orthogonal(Tensor.zeros(0, 3));
        Initializers.xavierUniform(Tensor.zeros(0, 5)); // fan_in 5: PyTorch accepts it too
        Initializers.uniform(Tensor.zeros(0), 0, 1);
    }

    @Test
    void badInputIsRefusedWithOneClearMessage() {
        Tensor vector = Tensor.zeros(5);
        assertMessage(() -> Initializers.xavierUniform(vector), "xavierUniform: fan in and fan out can not be computed "
                + "for a tensor with fewer than 2 dimensions (shape [5])");
        assertMessage(() -> Initializers.kaimingNormal(vector), "kaimingNormal: fan in and fan out can not be");
        assertMessage(() -> Initializers.xavierNormal(Tensor.scalar(1)), "fewer than 2 dimensions (shape [])");
        assertMessage(() -> Initializers.xavierUniform(Tensor.zeros(0, 0)),
                "xavierUniform: fan_in + fan_out is 0 for shape [0, 0]");
        assertMessage(() -> Initializers.xavierNormal(Tensor.zeros(3, 4, 0)), "fan_in + fan_out is 0");
        assertMessage(() -> Initializers.eye(Tensor.zeros(2, 2, 2)),
                "eye: only tensors with 2 dimensions are supported, got shape [2, 2, 2]");
        assertMessage(() -> Initializers.orthogonal(vector), "orthogonal: only tensors with 2 or more dimensions");
        assertMessage(() -> Initializers.kaimingUniform(Tensor.zeros(3, 4), 0, "fan_in", "softmax"),
                "kaimingUniform: unsupported nonlinearity 'softmax'; expected one of linear,");
        assertMessage(() -> Initializers.kaimingUniform(Tensor.zeros(3, 4), 0, "fan_avg", "relu"),
                "kaimingUniform: mode 'fan_avg' is not supported; use fan_in or fan_out");
        assertMessage(() -> Initializers.calculateGain("leaky_relu", Double.NaN),
                "calculateGain: negative_slope NaN of leaky_relu is not a valid number");
        assertMessage(() -> Initializers.normal(Tensor.zeros(3), 0, -1), "normal: expects std >= 0");
        assertMessage(() -> Initializers.xavierNormal(Tensor.zeros(3, 4), -1.0), "xavierNormal: expects std >= 0");
        assertMessage(() -> Initializers.truncNormal(Tensor.zeros(3), 0, -1, -2, 2),
                "truncNormal: std must be positive");
        assertMessage(() -> Initializers.truncNormal(Tensor.zeros(3), 0, 0, -2, 2), "truncNormal: std must be positive");
        assertMessage(() -> Initializers.truncNormal(Tensor.zeros(3), 0, 1, 2, -2),
                "truncNormal: expects a finite range a <= b, got a = 2.0, b = -2.0");
        assertMessage(() -> Initializers.uniform(Tensor.zeros(3), 1, 0), "uniform: expects a finite range a <= b");
        // mode, like PyTorch's, is read in any case
        Initializers.kaimingUniform(Tensor.zeros(3, 4), 0, "FAN_OUT", "relu");
    }

    private static void assertMessage(Executable call, String expected) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
