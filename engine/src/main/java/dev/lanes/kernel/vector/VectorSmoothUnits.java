package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;
import static jdk.incubator.vector.VectorOperators.GT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * SiLU and ELU and their derivatives over array ranges, same formulas as {@link dev.lanes.kernel.Activation}. SiLU
 * runs a chunk at a time: sigmoid into scratch, then the rest, as {@link VectorGelu} does. Written as one loop, its
 * derivative (sigmoid with the rest) boxed its vectors: 24 KB allocated per call on a 32x64x128 layer and 16.0 us,
 * against 0.09 B and 13.4 us staged (LinearBenchmark.backwardFused -prof gc, 2026-11-29). ELU's loops call one large
 * function (expm1) each and keep their vectors in registers, as the SIGMOID loop in {@link VectorActivations}.
 */
final class VectorSmoothUnits {

    /** Floats per chunk: a multiple of every vector length, small enough to stay in L1 beside the operands. */
    private static final int CHUNK = 256;
    /** Per-thread scratch for one chunk of sigmoids. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private VectorSmoothUnits() {
    }

    /** y = x·sigmoid(x), over {@code rows} rows {@code ld} apart; n % L == 0. In place: x is read before y is set. */
    static void siluForward(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        float[] s = SCRATCH.get();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c += CHUNK) {
                int len = Math.min(CHUNK, n - c);
                int x0 = xo + r * ld + c;
                int y0 = yo + r * ld + c;
                VectorActivations.sigmoidForward(x, x0, s, 0, len, 1, 0);
                for (int i = 0; i < len; i += L) {
                    FloatVector.fromArray(S, x, x0 + i).mul(FloatVector.fromArray(S, s, i)).intoArray(y, y0 + i);
                }
            }
        }
    }

    /** g = dy·s·(1 + z·(1 - s)) with s = sigmoid(z), stored or added into {@code out}; n % L == 0. */
    static void siluGradient(float[] z, float[] dy, float[] out, int off, int n, boolean accumulate) {
        float[] s = SCRATCH.get();
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int o = off + c;
            VectorActivations.sigmoidForward(z, o, s, 0, len, 1, 0);
            for (int i = 0; i < len; i += L) {
                FloatVector zv = FloatVector.fromArray(S, z, o + i);
                FloatVector sv = FloatVector.fromArray(S, s, i);
                FloatVector d = sv.mul(zv.mul(sv.neg().add(1f)).add(1f));
                VectorActivations.store(FloatVector.fromArray(S, dy, o + i).mul(d), out, o + i, accumulate);
            }
        }
    }

    /** y = x > 0 ? x : alpha·expm1(x), over {@code rows} rows {@code ld} apart; n % L == 0. */
    static void eluForward(float alpha, float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                FloatVector z = FloatVector.fromArray(S, x, x0 + i);
                // min(z, 0): the positive side is blended away, so exp need not overflow there
                VectorMath.expm1(z.min(0f)).mul(alpha).blend(z, z.compare(GT, 0f)).intoArray(y, y0 + i);
            }
        }
    }

    /** g = dy·(y > 0 ? 1 : y + alpha), from the output alone; n % L == 0. */
    static void eluGradient(float alpha, float[] y, float[] dy, float[] out, int off, int n, boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, off + i);
            VectorMask<Float> positive = yv.compare(GT, 0f);
            FloatVector d = yv.add(alpha).blend(1f, positive);
            VectorActivations.store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
        }
    }
}
