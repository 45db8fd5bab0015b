package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;
import static jdk.incubator.vector.VectorOperators.GT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * SiLU and ELU and their derivatives over array ranges, same formulas as {@link dev.lanes.kernel.Activation}. Each
 * loop calls one large function (exp, through sigmoid or expm1) per vector, which C2 inlines with the vectors kept
 * in registers, as the SIGMOID loop in {@link VectorActivations} (see {@link VectorGelu} for what happens past that).
 */
final class VectorSmoothUnits {

    private VectorSmoothUnits() {
    }

    /** y = x·sigmoid(x), over {@code rows} rows {@code ld} apart; n % L == 0. */
    static void siluForward(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                FloatVector z = FloatVector.fromArray(S, x, x0 + i);
                z.mul(VectorActivations.sigmoid(z)).intoArray(y, y0 + i);
            }
        }
    }

    /** g = dy·s·(1 + z·(1 - s)) with s = sigmoid(z), stored or added into {@code out}; n % L == 0. */
    static void siluGradient(float[] z, float[] dy, float[] out, int off, int n, boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            FloatVector zv = FloatVector.fromArray(S, z, off + i);
            FloatVector s = VectorActivations.sigmoid(zv);
            FloatVector d = s.mul(zv.mul(s.neg().add(1f)).add(1f));
            VectorActivations.store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
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
