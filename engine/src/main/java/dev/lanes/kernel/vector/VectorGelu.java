package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;
import static jdk.incubator.vector.VectorOperators.LE;

import jdk.incubator.vector.FloatVector;

/**
 * The two GELUs and their derivatives over array ranges, same formulas as {@link dev.lanes.kernel.Activation}.
 * All but the tanh form's forward run a chunk at a time through scratch, in stages: no loop calls more than one
 * large function (tanh, or exp) per vector. Written as one loop per element, the tanh form's derivative (tanh with the rest) and the erf
 * form (erfc with its two exps) were too large for C2 to inline, and it boxed the vectors: 24 KB to 2.4 MB
 * allocated per call and up to 2x the time (LinearBenchmark.backwardFused -prof gc, 2026-11-29). A loop that calls
 * one such function per vector, as the TANH and SIGMOID loops do, keeps its vectors in registers.
 */
final class VectorGelu {

    /** Floats per chunk: a multiple of every vector length, small enough to stay in L1 beside the operands. */
    private static final int CHUNK = 256;
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float GELU_CUBIC = 0.044715f;
    private static final float SQRT_HALF = 0.70710678f;
    private static final float INV_SQRT_2PI = 0.39894228f;
    /** exp(-z²/2) is 0 in float beyond |z| = 15 (exp(-112.5)); erfc(±15/√2) is 0 or 2 in float. */
    private static final float DENSITY_VANISHES = 15f;

    /** Per-thread scratch: three chunks (erfc's stages use all three, the tanh form one). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[3 * CHUNK]);

    private VectorGelu() {
    }

    /**
     * y = 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), over {@code rows} rows {@code ld} apart; n % L == 0.
     * One loop: with tanh its only large call it keeps its vectors in registers, and the staged form measured 15 %
     * slower on a 32x64x128 layer.
     */
    static void tanhForward(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                FloatVector z = FloatVector.fromArray(S, x, x0 + i);
                FloatVector u = z.mul(z).mul(z).mul(GELU_CUBIC).add(z).mul(SQRT_2_OVER_PI);
                z.mul(0.5f).mul(VectorMath.tanh(u).add(1f)).intoArray(y, y0 + i);
            }
        }
    }

    /** y = 0.5·x·erfc(-x/√2) = x·Φ(x), over {@code rows} rows {@code ld} apart; n % L == 0. */
    static void erfForward(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        float[] e = SCRATCH.get();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c += CHUNK) {
                int len = Math.min(CHUNK, n - c);
                int x0 = xo + r * ld + c;
                int y0 = yo + r * ld + c;
                erfcOfScaled(x, x0, e, len);
                for (int i = 0; i < len; i += L) {
                    FloatVector z = FloatVector.fromArray(S, x, x0 + i);
                    z.mul(0.5f).mul(FloatVector.fromArray(S, e, i)).intoArray(y, y0 + i);
                }
            }
        }
    }

    /** g = dy·gelu'(z) for the tanh form, stored or added into {@code out}; n % L == 0. */
    static void tanhGradient(float[] z, float[] dy, float[] out, int off, int n, boolean accumulate) {
        float[] t = SCRATCH.get();
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int o = off + c;
            innerOf(z, o, t, len);
            VectorActivations.tanhRows(t, 0, t, 0, len, 1, 0);
            for (int i = 0; i < len; i += L) {
                FloatVector zv = FloatVector.fromArray(S, z, o + i);
                FloatVector tv = FloatVector.fromArray(S, t, i);
                FloatVector dInner = zv.mul(zv).mul(3f * GELU_CUBIC).add(1f).mul(SQRT_2_OVER_PI);
                FloatVector sech2 = tv.mul(tv).neg().add(1f);
                FloatVector d = tv.add(1f).mul(0.5f).add(zv.mul(0.5f).mul(sech2).mul(dInner));
                VectorActivations.store(FloatVector.fromArray(S, dy, o + i).mul(d), out, o + i, accumulate);
            }
        }
    }

    /**
     * g = dy·(Φ(z) + z·φ(z)) = dy·(0.5·erfc(-z/√2) + z·exp(-z²/2)/√(2π)); z² = z2 + e exactly (FMA) and
     * exp(-e/2) ≈ 1 - e/2, so the exponent's rounding does not reach φ (as in {@link #erfcOfScaled}).
     */
    static void erfGradient(float[] z, float[] dy, float[] out, int off, int n, boolean accumulate) {
        float[] e = SCRATCH.get();
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            int o = off + c;
            erfDerivativeOf(z, o, e, len);
            // kept this small so that C2 inlines store: a vector passed to a call it does not inline is boxed
            for (int i = 0; i < len; i += L) {
                FloatVector d = FloatVector.fromArray(S, e, i);
                VectorActivations.store(FloatVector.fromArray(S, dy, o + i).mul(d), out, o + i, accumulate);
            }
        }
    }

    /** scratch[i] = Φ(z) + z·φ(z) for z = from[fo + i], i in [0, n), through the scratch's other chunks. */
    private static void erfDerivativeOf(float[] from, int fo, float[] scratch, int n) {
        erfcOfScaled(from, fo, scratch, n);
        for (int i = 0; i < n; i += L) { // -z²/2 at CHUNK, its correction 1 - e/2 at 2·CHUNK
            FloatVector zc = FloatVector.fromArray(S, from, fo + i).max(-DENSITY_VANISHES).min(DENSITY_VANISHES);
            FloatVector z2 = zc.mul(zc);
            z2.mul(-0.5f).intoArray(scratch, CHUNK + i);
            zc.fma(zc, z2.neg()).mul(-0.5f).add(1f).intoArray(scratch, 2 * CHUNK + i);
        }
        expInPlace(scratch, CHUNK, n);
        for (int i = 0; i < n; i += L) { // 0.5·erfc + z·φ(z)
            FloatVector density = FloatVector.fromArray(S, scratch, CHUNK + i)
                    .mul(FloatVector.fromArray(S, scratch, 2 * CHUNK + i)).mul(INV_SQRT_2PI);
            FloatVector.fromArray(S, scratch, i).mul(0.5f).add(FloatVector.fromArray(S, from, fo + i).mul(density))
                    .intoArray(scratch, i);
        }
    }

    /** to[i] = √(2/π)·(x + 0.044715·x³) for x = from[fo + i], i in [0, n). */
    private static void innerOf(float[] from, int fo, float[] to, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector z = FloatVector.fromArray(S, from, fo + i);
            z.mul(z).mul(z).mul(GELU_CUBIC).add(z).mul(SQRT_2_OVER_PI).intoArray(to, i);
        }
    }

    /**
     * scratch[i] = erfc(-z/√2) for z = from[fo + i], i in [0, n), by the formula of
     * {@link dev.lanes.kernel.Activation#erfc} (relative error below 1.1e-7 in exact arithmetic): x = -z/√2,
     * t = 1/(1 + |x|/2), erfc|x| = t·exp(-x²)·exp(t·P(t) - 1.26551223), erfc(x) = 2 - erfc|x| for x < 0. x² is
     * taken as z²/2 with z² split exactly by an FMA, and exp(-x²) apart from the rest: rounding x, or -x² as one
     * float exponent, would carry a relative error of up to 5e-6 into the result at |x| = 6. Three stages through
     * the scratch's other two chunks, one exp per loop (see the class comment).
     */
    private static void erfcOfScaled(float[] from, int fo, float[] scratch, int n) {
        int t0 = CHUNK; // t
        int q0 = 2 * CHUNK; // exp(-x²), then erfc|x|
        for (int i = 0; i < n; i += L) { // the exponent's rest at 0, t at t0, -x² at q0
            FloatVector z = FloatVector.fromArray(S, from, fo + i).max(-DENSITY_VANISHES).min(DENSITY_VANISHES);
            FloatVector a = z.mul(SQRT_HALF).abs();
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
            FloatVector low = z.fma(z, z2.neg()); // z² - z2, exactly
            t.intoArray(scratch, t0 + i);
            z2.mul(-0.5f).intoArray(scratch, q0 + i);
            p.fma(t, FloatVector.broadcast(S, -1.26551223f)).sub(low.mul(0.5f)).intoArray(scratch, i);
        }
        expInPlace(scratch, 0, n);
        expInPlace(scratch, q0, n);
        for (int i = 0; i < n; i += L) { // r = t·exp(-x²)·exp(rest); x = -z/√2 is >= 0 where z <= 0
            FloatVector r = FloatVector.fromArray(S, scratch, t0 + i).mul(FloatVector.fromArray(S, scratch, q0 + i))
                    .mul(FloatVector.fromArray(S, scratch, i));
            FloatVector z = FloatVector.fromArray(S, from, fo + i);
            FloatVector.broadcast(S, 2f).sub(r).blend(r, z.compare(LE, 0f)).intoArray(scratch, i);
        }
    }

    private static void expInPlace(float[] a, int off, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, a, off + i)).intoArray(a, off + i);
        }
    }
}
