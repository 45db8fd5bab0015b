package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Activations give the same bits cold and warm (see {@link DeterminismTest}), and stay accurate at the edges of
 * exp's range, where a polynomial exp must flush, saturate or pass NaN through like Math.exp, and near 0, where
 * ELU's expm1 must not cancel as exp(x) - 1 would (-1e-30 and -1e-4 are off by far more than 2e-6 relative then).
 */
class ActivationDeterminismTest {

    private static final int WARM_CALLS = 30_000;
    private static final Activation[] SMOOTH = {Activation.SIGMOID, Activation.TANH, Activation.GELU,
        Activation.GELU_ERF, Activation.SILU, Activation.ELU};
    /** ELU's alpha; the others ignore it. */
    private static final float ALPHA = 1.5f;

    @Test
    void smoothActivationsGiveTheSameBitsColdAndWarm() {
        Kernel kernel = Kernels.get();
        float[] x = new float[37];
        Random rng = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian() * 4;
        }
        for (Activation act : SMOOTH) {
            float[] cold = new float[x.length];
            kernel.activationForward(act, ALPHA, x, cold, x.length);
            float[] warm = new float[x.length];
            for (int i = 0; i < WARM_CALLS; i++) {
                kernel.activationForward(act, ALPHA, x, warm, x.length);
            }
            assertArrayEquals(cold, warm, act + ": bits changed once the JIT compiled the loop");
        }
    }

    @Test
    void extremeInputsMatchTheScalarFormulas() {
        float[] x = {0f, -0f, 1e-30f, -1e-30f, 1e-4f, -1e-4f, -0.01f, -0.3f, -0.69f, -0.7f, -0.6249f, 0.6251f, 9f, -9f, 20f, -20f, 87f, -87f, 88.5f,
            -88.5f, 100f, -100f, -104f, 200f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE};
        for (Activation act : SMOOTH) {
            float[] expected = new float[x.length];
            float[] actual = new float[x.length];
            KernelPropertyBase.SCALAR.activationForward(act, ALPHA, x, expected, x.length);
            KernelPropertyBase.VECTOR.activationForward(act, ALPHA, x, actual, x.length);
            for (int i = 0; i < x.length; i++) {
                String what = act + "(" + x[i] + ")";
                if (Float.isNaN(expected[i])) {
                    assertEquals(Float.NaN, actual[i], what);
                } else {
                    assertEquals(expected[i], actual[i], 2e-6 * Math.abs(expected[i]) + 1e-30, what);
                }
            }
        }
    }
}
