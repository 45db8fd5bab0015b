package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Weights prepared once ({@link Kernel#packLinear}) give exactly the numbers of the plain {@code linearForward} on
 * the same kernel, on every path (scalar loops, few-row loops, packed GEMM across depth blocks and threads), and
 * are a copy: writing the original arrays afterwards changes nothing.
 */
class PackedLinearProperties extends KernelPropertyBase {

    @Property(tries = 60)
    @Checks("linearForward(7)")
    void packedForwardEqualsPlainForward(@ForAll("dim") int batch, @ForAll("dim") int in, @ForAll("dim") int out,
                                         @ForAll boolean withBias, @ForAll boolean onVector, @ForAll Activation act,
                                         @ForAll long seed) {
        LinearProperties.Layer layer = LinearProperties.Layer.random(batch, in, out, withBias, act, seed);
        checkPacked(onVector ? VECTOR : SCALAR, layer);
    }

    /**
     * Deep enough for several depth blocks (only the first carries the bias row) and large enough to split across
     * two threads: by rows (each thread packs its rows of X) and, with fewer rows than two tiles, by columns (each
     * thread starts at its own column of the shared panels).
     */
    @Example
    @Checks("packLinear")
    void packedForwardAcrossBlocksAndThreads() {
        int before = Kernels.threads();
        try {
            for (int batch : new int[] {256, 20, 5}) {
                for (Activation act : new Activation[] {Activation.RELU, Activation.GELU}) {
                    LinearProperties.Layer layer = LinearProperties.Layer.random(batch, 700, 1031,
                            act == Activation.RELU, act, batch + act.ordinal());
                    Kernels.setThreads(1);
                    float[][] one = checkPacked(VECTOR, layer);
                    Kernels.setThreads(2);
                    float[][] two = checkPacked(VECTOR, layer);
                    assertArrayEquals(one[0], two[0], "batch " + batch + " " + act + " output, 1 vs 2 threads");
                }
            }
        } finally {
            Kernels.setThreads(before);
        }
    }

    /** Packs with {@code kernel}, then scribbles over the originals; returns {y, preAct} of the packed call. */
    private static float[][] checkPacked(Kernel kernel, LinearProperties.Layer layer) {
        float[][] expected = layer.forward(kernel);
        float[] w = layer.w().clone();
        float[] bias = layer.bias() == null ? null : layer.bias().clone();
        PackedLinear packed = kernel.packLinear(w, bias, layer.in(), layer.out());
        Arrays.fill(w, Float.NaN);
        if (bias != null) {
            Arrays.fill(bias, Float.NaN);
        }
        float[][] actual = new float[2][];
        for (int call = 0; call < 2; call++) { // the second call reuses what the first one prepared
            float[] y = new float[layer.batch() * layer.out()];
            float[] preAct = new float[y.length];
            kernel.linearForward(layer.x(), packed, layer.act(), layer.alpha(), y, preAct, layer.batch());
            String what = kernel.description() + " packed " + layer.act() + " " + layer.batch() + "x" + layer.in()
                    + "->" + layer.out() + (bias == null ? " no bias" : "") + ", call " + call;
            assertArrayEquals(expected[0], y, what + " output");
            assertArrayEquals(expected[1], preAct, what + " preAct");
            actual[0] = y;
            actual[1] = preAct;
        }
        assertTrue(packed.in() == layer.in() && packed.out() == layer.out() && packed.hasBias() == (bias != null));
        return actual;
    }

    @Example
    void packLinearRejectsShortArraysNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> VECTOR.packLinear(new float[5], null, 3, 2));
        assertTrue(e.getMessage().contains("packLinear: weight has 5 elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SCALAR.packLinear(new float[6], new float[1], 3, 2));
        assertTrue(e.getMessage().contains("packLinear: bias has 1 elements"), e.getMessage());
    }

    /** A layer prepared by one kernel still runs on the other (the same copied weights). */
    @Example
    void aLayerPreparedByOneKernelRunsOnTheOther() {
        LinearProperties.Layer layer = LinearProperties.Layer.random(40, 65, 33, true, Activation.TANH, 3);
        float[][] expected = layer.forward(SCALAR);
        float[] y = new float[40 * 33];
        SCALAR.linearForward(layer.x(), VECTOR.packLinear(layer.w(), layer.bias(), 65, 33), Activation.TANH,
                layer.alpha(), y, null, 40);
        assertArrayEquals(expected[0], y);
        VECTOR.linearForward(layer.x(), SCALAR.packLinear(layer.w(), layer.bias(), 65, 33), Activation.TANH,
                layer.alpha(), y, null, 40);
        assertArrayEquals(layer.forward(VECTOR)[0], y);
    }
}
