package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.S;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NEG;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * exp, tanh and erfc on vectors from adds, multiplies, FMAs and one divide only. The Vector API's own EXP/TANH run a
 * native (SVML) routine once C2 compiles the loop but {@code Math.exp}/{@code Math.tanh} per lane before that, and
 * the two differ in the last bit: a service's predictions would change when the JIT warms up. IEEE basic
 * operations give the same bits either way. Accuracy is within 2 float ulps (the Cephes {@code expf}/{@code tanhf}
 * polynomials), checked against Math.exp/Math.tanh by the kernel property tests.
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
    /** Below this |x| tanh uses its odd polynomial; above, 1 - 2/(exp(2x) + 1), which no longer cancels. */
    private static final float TANH_SMALL = 0.625f;
    /** erfc(10) = 2e-45 rounds to 0 in float (and erfc(-10) to 2): erfc's argument need go no further. */
    private static final float ERFC_SATURATES = 10f;

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

    /**
     * erfc(s·z) per lane for a constant s whose square {@code ss} is exact in float (GELU: s = -1/√2, ss = 0.5), with
     * the formula of {@link dev.lanes.kernel.Activation#erfc} (relative error below 1.1e-7 in exact arithmetic):
     * x = s·z, t = 1/(1 + |x|/2), erfc|x| = t·exp(-x² - 1.26551223 + t·P(t)), erfc(x) = 2 - erfc|x| for x < 0.
     * x² is taken as ss·z², split exactly by an FMA, and exp(-x²) apart from the rest: rounding x, or -x² as one
     * float exponent, would carry a relative error of up to 5e-6 into the result at |x| = 6. Within 1e-6 relative of
     * the double formula until the result leaves the normal range.
     */
    static FloatVector erfc(FloatVector z, float s, float ss) {
        float bound = ERFC_SATURATES / Math.abs(s); // beyond it erfc is 0 or 2 in float; z² would overflow later
        z = z.max(-bound).min(bound); // NaN stays NaN
        FloatVector x = z.mul(s);
        FloatVector a = x.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(a.fma(FloatVector.broadcast(S, 0.5f),
                FloatVector.broadcast(S, 1f)));
        FloatVector p = t.fma(FloatVector.broadcast(S, 0.17087277f), FloatVector.broadcast(S, -0.82215223f));
        p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
        FloatVector z2 = z.mul(z);
        FloatVector z2Low = z.fma(z, z2.neg()); // z² - z2, exactly
        FloatVector rest = p.fma(t, FloatVector.broadcast(S, -1.26551223f)).sub(z2Low.mul(ss));
        FloatVector r = t.mul(exp(z2.mul(-ss))).mul(exp(rest));
        return FloatVector.broadcast(S, 2f).sub(r).blend(r, x.compare(GE, 0f));
    }
}
