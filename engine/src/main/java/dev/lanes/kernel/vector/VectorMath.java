package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.S;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NEG;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * exp, expm1 and tanh on vectors from adds, multiplies, FMAs and one divide only. The Vector API's own EXP/TANH
 * run a native (SVML) routine once C2 compiles the loop but {@code Math.exp}/{@code Math.tanh} per lane before
 * that, and the two differ in the last bit: a service's predictions would change when the JIT warms up. IEEE basic
 * operations give the same bits either way. Accuracy is within 2 float ulps (the Cephes {@code expf}/{@code tanhf}
 * polynomials), checked against Math.exp/Math.expm1/Math.tanh by the kernel property tests.
 */
final class VectorMath {

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that n·LN2_HI is exact for the n that occur (Cody and Waite). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Below this exp underflows past the smallest normal float; the result is flushed to 0. */
    private static final float EXP_LO = -87.33654f;
    /** Above this exp overflows; the result is +infinity. */
    private static final float EXP_HI = 88.37626f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = 0x4B400000;
    /** Below this |x| expm1 uses its Taylor polynomial; above, exp(x) - 1 cancels by at most one bit. */
    private static final float EXPM1_SMALL = 0.6931472f;
    /** Below this |x| tanh uses its odd polynomial; above, 1 - 2/(exp(2x) + 1), which no longer cancels. */
    private static final float TANH_SMALL = 0.625f;

    private VectorMath() {
    }

    /** e^x per lane; NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, 1.9875691500e-4f), FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector y = p.mul(r).fma(r, r).add(1f); // 1 + r + r²·p(r)
        FloatVector twoToN = ((IntVector) t.reinterpretAsInts())
                .sub(ROUND_MAGIC_BITS - 127).lanewise(LSHL, 23).reinterpretAsFloats();
        FloatVector result = y.mul(twoToN);
        result = result.blend(0f, x.compare(LT, EXP_LO));
        return result.blend(Float.POSITIVE_INFINITY, x.compare(GT, EXP_HI));
    }

    /**
     * e^x - 1 per lane, accurate near 0 where exp(x) - 1 cancels (ELU's negative side near the kink): the Taylor
     * series to x⁹ below |x| = ln 2 (truncation below 1.5e-8 relative), exp(x) - 1 above. NaN stays NaN.
     */
    static FloatVector expm1(FloatVector x) {
        FloatVector p = x.fma(FloatVector.broadcast(S, 1f / 362880f), FloatVector.broadcast(S, 1f / 40320f));
        p = p.fma(x, FloatVector.broadcast(S, 1f / 5040f));
        p = p.fma(x, FloatVector.broadcast(S, 1f / 720f));
        p = p.fma(x, FloatVector.broadcast(S, 1f / 120f));
        p = p.fma(x, FloatVector.broadcast(S, 1f / 24f));
        p = p.fma(x, FloatVector.broadcast(S, 1f / 6f));
        p = p.fma(x, FloatVector.broadcast(S, 0.5f));
        FloatVector small = p.mul(x).fma(x, x); // x + x²·p(x)
        return exp(x).sub(1f).blend(small, x.abs().compare(LT, EXPM1_SMALL));
    }

    /** tanh per lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector small = z.fma(FloatVector.broadcast(S, -5.70498872745e-3f), FloatVector.broadcast(S,
                2.06390887954e-2f));
        small = small.fma(z, FloatVector.broadcast(S, -5.37397155531e-2f));
        small = small.fma(z, FloatVector.broadcast(S, 1.33314422036e-1f));
        small = small.fma(z, FloatVector.broadcast(S, -3.33332819422e-1f));
        small = small.mul(z).fma(x, x); // x + x³·q(x²)
        FloatVector e = exp(a.mul(-2f));
        FloatVector large = FloatVector.broadcast(S, 1f).sub(e.add(e).div(e.add(1f))); // tanh|x| = 1 - 2e/(1+e)
        large = large.lanewise(NEG, x.compare(LT, 0f));
        VectorMask<Float> isSmall = a.compare(LT, TANH_SMALL);
        return large.blend(small, isSmall);
    }
}
