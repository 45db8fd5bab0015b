package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Activations and their derivatives over array ranges, on vectors, with a scalar tail from {@link Activation}.
 *
 * <p>One loop per activation (the switch sits outside the loops): a vector that flows out of a many-way switch
 * inside a hot loop is what C2 sometimes fails to keep in a register.
 */
final class VectorActivations {

    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float GELU_CUBIC = 0.044715f;

    private VectorActivations() {
    }

    /** y[yo + i] = act(x[xo + i]) for i in [0, n); y may alias x at the same offset. */
    static void forward(Activation act, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (act) {
            case IDENTITY -> {
                if (x != y || xo != yo) {
                    System.arraycopy(x, xo, y, yo, n);
                }
                return;
            }
            case RELU -> {
                for (; i < bound; i += L) {
                    relu(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += L) {
                    sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            }
            case TANH -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.TANH).intoArray(y, yo + i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    leakyRelu(FloatVector.fromArray(S, x, xo + i), alpha).intoArray(y, yo + i);
                }
            }
            case GELU -> {
                for (; i < bound; i += L) {
                    gelu(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
                }
            }
        }
        for (; i < n; i++) { // scalar tail
            y[yo + i] = act.apply(x[xo + i], alpha);
        }
    }

    /**
     * g[i] = dy[i] · act'(z[i], y[i]), stored into {@code out} or (with {@code accumulate}) added to it, for i in
     * [0, n) at offset {@code off} in every array. {@code z} may be null unless the activation needs it.
     */
    static void gradient(Activation act, float alpha, float[] z, float[] y, float[] dy, float[] out, int off, int n,
                         boolean accumulate) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (act) {
            case IDENTITY -> {
                for (; i < bound; i += L) {
                    store(FloatVector.fromArray(S, dy, off + i), out, off + i, accumulate);
                }
            }
            case RELU -> {
                for (; i < bound; i += L) {
                    FloatVector g = FloatVector.fromArray(S, dy, off + i);
                    VectorMask<Float> positive = FloatVector.fromArray(S, y, off + i).compare(VectorOperators.GT, 0f);
                    store(FloatVector.zero(S).blend(g, positive), out, off + i, accumulate);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += L) {
                    FloatVector yv = FloatVector.fromArray(S, y, off + i);
                    FloatVector d = yv.mul(yv.neg().add(1f));
                    store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
                }
            }
            case TANH -> {
                for (; i < bound; i += L) {
                    FloatVector yv = FloatVector.fromArray(S, y, off + i);
                    FloatVector d = yv.mul(yv).neg().add(1f);
                    store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> positive = FloatVector.fromArray(S, y, off + i).compare(VectorOperators.GT, 0f);
                    FloatVector d = FloatVector.broadcast(S, alpha).blend(1f, positive);
                    store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
                }
            }
            case GELU -> {
                for (; i < bound; i += L) {
                    FloatVector d = geluDerivative(FloatVector.fromArray(S, z, off + i));
                    store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
                }
            }
        }
        for (; i < n; i++) { // scalar tail
            int k = off + i;
            float g = dy[k] * act.derivative(z == null ? 0f : z[k], y[k], alpha);
            out[k] = accumulate ? out[k] + g : g;
        }
    }

    private static void store(FloatVector g, float[] out, int at, boolean accumulate) {
        (accumulate ? g.add(FloatVector.fromArray(S, out, at)) : g).intoArray(out, at);
    }

    private static FloatVector relu(FloatVector z) {
        return FloatVector.zero(S).blend(z, z.compare(VectorOperators.GT, 0f));
    }

    private static FloatVector leakyRelu(FloatVector z, float alpha) {
        return z.mul(alpha).blend(z, z.compare(VectorOperators.GT, 0f));
    }

    /** Stable logistic: with e = exp(-|z|), 1/(1+e) for z >= 0 and e/(1+e) below, as {@link Activation#sigmoid}. */
    private static FloatVector sigmoid(FloatVector z) {
        FloatVector e = z.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector forPositive = FloatVector.broadcast(S, 1f).div(e.add(1f));
        return e.mul(forPositive).blend(forPositive, z.compare(VectorOperators.GE, 0f));
    }

    private static FloatVector gelu(FloatVector z) {
        FloatVector inner = z.mul(z).mul(z).mul(GELU_CUBIC).add(z).mul(SQRT_2_OVER_PI);
        return z.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f));
    }

    private static FloatVector geluDerivative(FloatVector z) {
        FloatVector z2 = z.mul(z);
        FloatVector t = z2.mul(z).mul(GELU_CUBIC).add(z).mul(SQRT_2_OVER_PI).lanewise(VectorOperators.TANH);
        FloatVector dInner = z2.mul(3f * GELU_CUBIC).add(1f).mul(SQRT_2_OVER_PI);
        FloatVector sech2 = t.mul(t).neg().add(1f);
        return t.add(1f).mul(0.5f).add(z.mul(0.5f).mul(sech2).mul(dInner));
    }
}
