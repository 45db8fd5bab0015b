package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Activations, their gradients and the reductions, vector against scalar, over lengths around vector multiples. */
class ElementwiseProperties extends KernelPropertyBase {

    /** Lengths with every tail size, plus the awkward matrix sizes and a few long ones. */
    @Provide
    Arbitrary<Integer> length() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 70), dim(), Arbitraries.of(1000, 4099));
    }

    /** Pre-activations spread wide enough to reach sigmoid/tanh saturation, and exact zeros for the kinks. */
    static float[] preActivations(Random rnd, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = rnd.nextInt(10) == 0 ? 0f : (rnd.nextFloat() - 0.5f) * 40f;
        }
        return z;
    }

    @Property(tries = 60)
    @Checks("activationForward")
    void activationForward(@ForAll("length") int n, @ForAll Activation act, @ForAll boolean inPlace,
                           @ForAll long seed) {
        checkForward(n, act, inPlace, seed);
    }

    /** Every activation, whatever the properties drew: a vector body with a tail, and a long row. */
    @Example
    void everyActivationForwardAndBackward() {
        for (Activation act : Activation.values()) {
            for (int n : new int[] {37, 1000}) {
                checkForward(n, act, false, 17L * n + act.ordinal());
                checkForward(n, act, true, 19L * n + act.ordinal());
                checkBackward(n, act, 23L * n + act.ordinal());
            }
        }
    }

    static void checkForward(int n, Activation act, boolean inPlace, long seed) {
        Random rnd = new Random(seed);
        float alpha = rnd.nextFloat();
        float[] x = preActivations(rnd, n);
        float[] expected = new float[n];
        SCALAR.activationForward(act, alpha, x, expected, n);
        float[] actual = inPlace ? x.clone() : new float[n];
        VECTOR.activationForward(act, alpha, inPlace ? actual : x, actual, n);
        assertClose("activationForward " + act + " n=" + n, expected, actual, elementwiseTolerance(expected));
    }

    @Property(tries = 60)
    @Checks("activationBackward")
    void activationBackward(@ForAll("length") int n, @ForAll Activation act, @ForAll long seed) {
        checkBackward(n, act, seed);
    }

    static void checkBackward(int n, Activation act, long seed) {
        Random rnd = new Random(seed);
        float alpha = rnd.nextFloat();
        float[] x = preActivations(rnd, n);
        float[] y = new float[n];
        SCALAR.activationForward(act, alpha, x, y, n);
        float[] dy = random(rnd, n);
        float[] dx0 = random(rnd, n);
        float[] expected = dx0.clone();
        float[] actual = dx0.clone();
        float[] xIfNeeded = act.needsPreActivation() ? x : null;
        SCALAR.activationBackward(act, alpha, xIfNeeded, y, dy, expected, n);
        VECTOR.activationBackward(act, alpha, xIfNeeded, y, dy, actual, n);
        double[] tol = elementwiseTolerance(expected);
        for (int i = 0; i < n; i++) { // the sum dx0 + g can cancel: scale by the addends, not the result
            tol[i] += ELEMENTWISE_REL * (Math.abs(dx0[i]) + Math.abs(dy[i]) * 1.2);
        }
        assertClose("activationBackward " + act + " n=" + n, expected, actual, tol);
    }

    @Property(tries = 30)
    @Checks("axpy")
    void axpy(@ForAll("length") int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        float alpha = rnd.nextFloat() * 4f - 2f;
        float[] x = random(rnd, n);
        float[] y0 = random(rnd, n);
        float[] expected = y0.clone();
        float[] actual = y0.clone();
        SCALAR.axpy(alpha, x, expected, n);
        VECTOR.axpy(alpha, x, actual, n);
        float[] magnitude = abs(y0);
        for (int i = 0; i < n; i++) {
            magnitude[i] += Math.abs(alpha * x[i]);
        }
        assertClose("axpy n=" + n, expected, actual, sumTolerance(magnitude, 2, 0));
    }

    @Property(tries = 30)
    @Checks("sum")
    void sum(@ForAll("length") int n, @ForAll long seed) {
        float[] x = random(new Random(seed), n);
        float magnitude = SCALAR.sum(abs(x), n);
        assertClose("sum n=" + n, SCALAR.sum(x, n), VECTOR.sum(x, n), sumTolerance(new float[] {magnitude}, n, 0)[0]);
    }

    /**
     * ReLU and LeakyReLU let NaN through, as PyTorch does (a ReLU that turned NaN into 0 would hide a diverging
     * layer); in the vector body and in the tail, on both kernels.
     */
    @Example
    void reluKeepsNaN() {
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? -1f - i : i;
        }
        x[3] = Float.NaN;
        x[20] = Float.NaN;
        x[36] = Float.NaN;
        x[5] = Float.NEGATIVE_INFINITY;
        x[7] = Float.POSITIVE_INFINITY;
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            float[] y = new float[x.length];
            kernel.activationForward(Activation.RELU, 0f, x, y, x.length);
            float[] leaky = new float[x.length];
            kernel.activationForward(Activation.LEAKY_RELU, 0.1f, x, leaky, x.length);
            for (int i = 0; i < x.length; i++) {
                float expected = Float.isNaN(x[i]) ? Float.NaN : Math.max(x[i], 0f);
                assertEquals(expected, y[i], kernel.description() + " relu(" + x[i] + ")");
                if (Float.isNaN(x[i])) {
                    assertEquals(Float.NaN, leaky[i], kernel.description() + " leaky_relu(NaN)");
                }
            }
        }
    }

    /** NaN, +∞ or −∞ (or nothing) at random places: both kernels name the first one. */
    @Property(tries = 60)
    @Checks("firstNonFinite")
    void firstNonFinite(@ForAll("length") int n, @ForAll @IntRange(min = 0, max = 3) int bad,
                        @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = random(rnd, n);
        checkFirstNonFinite(x, n, bad, rnd);
    }

    /** Across the vector check's blocks (4096 floats), in the scalar tail, and extreme finite values. */
    @Example
    void firstNonFiniteInLongArrays() {
        Random rnd = new Random(5);
        for (int n : new int[] {4095, 4096, 4097, 20_011}) {
            float[] x = random(rnd, n);
            x[0] = Float.MAX_VALUE;
            x[n / 2] = -Float.MAX_VALUE;
            x[n - 1] = Float.MIN_VALUE;
            assertEquals(-1, VECTOR.firstNonFinite(x, n));
            for (int at : new int[] {0, 4095, 4096, n - 2, n - 1}) {
                if (at >= n) {
                    continue;
                }
                float saved = x[at];
                x[at] = at % 2 == 0 ? Float.NaN : Float.NEGATIVE_INFINITY;
                assertEquals(at, VECTOR.firstNonFinite(x, n), "n=" + n + " bad at " + at);
                assertEquals(at, SCALAR.firstNonFinite(x, n), "n=" + n + " bad at " + at);
                x[at] = saved;
            }
        }
        float[] x = {1f, Float.NaN};
        assertEquals(-1, VECTOR.firstNonFinite(x, 1), "only the first n values count");
    }

    private static void checkFirstNonFinite(float[] x, int n, int bad, Random rnd) {
        float[] kinds = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int expected = -1;
        for (int b = 0; b < bad && n > 0; b++) {
            int at = rnd.nextInt(n);
            x[at] = kinds[rnd.nextInt(3)];
            expected = expected < 0 ? at : Math.min(expected, at);
        }
        assertEquals(expected, SCALAR.firstNonFinite(x, n), "scalar, n=" + n);
        assertEquals(expected, VECTOR.firstNonFinite(x, n), "vector, n=" + n);
    }

    @Property(tries = 30)
    @Checks("sumRows")
    void sumRows(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = random(rnd, rows * cols);
        float[] out0 = random(rnd, cols);
        float[] expected = out0.clone();
        float[] actual = out0.clone();
        SCALAR.sumRows(x, expected, rows, cols);
        VECTOR.sumRows(x, actual, rows, cols);
        float[] magnitude = abs(out0);
        SCALAR.sumRows(abs(x), magnitude, rows, cols);
        assertClose("sumRows " + rows + "x" + cols, expected, actual, sumTolerance(magnitude, rows + 1, 0));
    }
}
