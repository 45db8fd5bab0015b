package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import dev.lanes.kernel.vector.VectorKernel;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** Shared pieces of the vector-against-scalar properties: the two kernels, awkward sizes, data, tolerances. */
abstract class KernelPropertyBase {

    /** Float unit roundoff, 2^-24. */
    static final double U = 0x1p-24;
    /**
     * A sum of k products computed in any order is within k·u·Σ|a·b| of the exact value (Higham, Accuracy and
     * Stability, eq. 3.5); two implementations summing in different orders, one with FMAs, therefore differ by
     * at most 2·k·u·Σ|a·b|. This is a proven bound, not a fitted one.
     */
    static final double SUM_ORDER_FACTOR = 2.0;
    /**
     * Relative difference allowed per element for elementwise math: the vector exp/tanh polynomials (VectorMath)
     * against Math.exp/Math.tanh, and one FMA against two roundings. Measured (tolerances set to 0, 200 tries):
     * up to 1.5e-7 (1-2 float ulps); 2e-6 leaves a 10x margin.
     */
    static final double ELEMENTWISE_REL = 2e-6;
    /** Absolute floor for results that cancel to near zero (sigmoid/tanh outputs near 0, small gradients). */
    static final double ABS_FLOOR = 1e-6;
    /**
     * Steepest slope of any activation (GELU's ~1.13; SiLU's ~1.10; sigmoid 0.25, tanh/relu 1, ELU 1 for the alphas
     * below 1 the properties draw): turns a z error into a y error.
     */
    static final double MAX_ACTIVATION_SLOPE = 1.13;

    static final Kernel SCALAR = new ScalarKernel();
    static final Kernel VECTOR = new VectorKernel();

    @Provide
    Arbitrary<Integer> dim() {
        return Arbitraries.of(1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 65, 127, 129);
    }

    static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat() * 4f - 2f;
        }
        return x;
    }

    static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    /** Tolerance per element for a sum of {@code terms} products whose absolute values sum to magnitude[i]. */
    static double[] sumTolerance(float[] magnitude, int terms, double extraRel) {
        double[] tol = new double[magnitude.length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = (SUM_ORDER_FACTOR * terms * U + extraRel) * magnitude[i] + ABS_FLOOR;
        }
        return tol;
    }

    /** Tolerance per element for elementwise results. */
    static double[] elementwiseTolerance(float[] expected) {
        double[] tol = new double[expected.length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = ELEMENTWISE_REL * Math.abs(expected[i]) + ABS_FLOOR;
        }
        return tol;
    }

    static void assertClose(String what, float[] expected, float[] actual, double[] tolerance) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]);
            if (!(diff <= tolerance[i])) { // also catches NaN
                fail(what + ": element " + i + " is " + actual[i] + ", scalar reference " + expected[i]
                        + " (|diff| " + diff + " > tolerance " + tolerance[i] + ")");
            }
        }
    }

    static void assertClose(String what, float expected, float actual, double tolerance) {
        assertClose(what, new float[] {expected}, new float[] {actual}, new double[] {tolerance});
    }
}
