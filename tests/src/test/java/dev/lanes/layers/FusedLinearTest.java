package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Sequential's fused Linear+activation path gives the numbers of the unfused pair, forward and backward. */
class FusedLinearTest {

    /**
     * The fused kernel computes Z exactly as the unfused Linear does and applies the same scalar activation,
     * so the paths agree to the last bit on the scalar kernel; the vector kernel may evaluate exp/tanh with a
     * different order of operations in its fused epilogue, so a few ulps (1e-6 relative to values ~1) are allowed.
     */
    static final float FUSED_TOLERANCE = 1e-6f;

    static List<Supplier<Module>> activations() {
        return List.of(ReLU::new, Sigmoid::new, Tanh::new, () -> new LeakyReLU(0.1f), GELU::new, SiLU::new,
                () -> new ELU(0.5f));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void fusedPairMatchesUnfusedPair(Supplier<Module> activation) {
        Linear fusedLinear = new Linear(7, 5, true, new Random(1));
        Linear plainLinear = new Linear(7, 5, true, new Random(1));
        Sequential fused = Sequential.of(fusedLinear, activation.get());
        // A Sequential per layer cannot fuse across its boundary: the reference pair runs unfused.
        Sequential unfused = Sequential.of(Sequential.of(plainLinear), activation.get());
        Tensor x1 = Tensor.randn(2, 9, 7).requiresGrad(true);
        Tensor x2 = x1.detach().copy().requiresGrad(true);

        Tensor y1 = fused.forward(x1);
        Tensor y2 = unfused.forward(x2);
        assertTrue(y1.gradFn().startsWith("Linear") && !y1.gradFn().equals("LinearBackward"),
                "one fused op, got " + y1.gradFn());
        assertTrue(!y2.gradFn().startsWith("Linear"), "reference is unfused, got " + y2.gradFn());
        assertClose(y2.toArray(), y1.toArray());

        Tensor r = Tensor.randn(3, 9, 5);
        y1.mul(r).sum().backward();
        y2.mul(r).sum().backward();
        assertClose(x2.grad().toArray(), x1.grad().toArray());
        assertClose(plainLinear.weight().grad().toArray(), fusedLinear.weight().grad().toArray());
        assertClose(plainLinear.bias().grad().toArray(), fusedLinear.bias().grad().toArray());
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], FUSED_TOLERANCE * Math.max(1f, Math.abs(expected[i])), "at " + i);
        }
    }

    @Test
    void linearWithoutActivationIsOneKernelOp() {
        Tensor y = Sequential.of(new Linear(3, 2)).forward(Tensor.randn(0, 4, 3).requiresGrad(true));
        assertEquals("LinearBackward", y.gradFn());
        assertArrayEquals(new int[] {4, 2}, y.shape());
    }

    @Test
    void wrongInputWidthNamesLayerIndexAndBothWidths() {
        Sequential net = Sequential.of(new Linear(3, 10), new Sigmoid(), new Linear(10, 6), new ReLU(),
                new Linear(5, 4), new Sigmoid());
        var e = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.randn(0, 10, 3)));
        String m = e.getMessage();
        assertTrue(m.contains("Sequential layer 4"), m);
        assertTrue(m.contains("input has 6 features"), m);
        assertTrue(m.contains("expects 5"), m);
    }

    @Test
    void linearAcceptsExtraLeadingDimensions() {
        Linear lin = new Linear(3, 2, true, new Random(0));
        Tensor x = Tensor.randn(5, 2, 4, 3);
        Tensor y = lin.forward(x);
        assertArrayEquals(new int[] {2, 4, 2}, y.shape());
        assertArrayEquals(lin.forward(x.reshape(8, 3)).toArray(), y.toArray());
    }

    @Test
    void initIsPyTorchsUniformBoundAndSeeded() {
        Linear a = new Linear(16, 32, true, new Random(9));
        float bound = 0.25f; // 1 / sqrt(16)
        for (float w : a.weight().toArray()) {
            assertTrue(Math.abs(w) <= bound, "weight " + w);
        }
        for (float b : a.bias().toArray()) {
            assertTrue(Math.abs(b) <= bound, "bias " + b);
        }
        float max = 0f;
        for (float w : a.weight().toArray()) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max > 0.9f * bound, "draws fill the range, max " + max);
        assertArrayEquals(a.weight().toArray(), new Linear(16, 32, true, new Random(9)).weight().toArray());
    }
}
