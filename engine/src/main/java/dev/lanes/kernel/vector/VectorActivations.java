package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;

import dev.lanes.kernel.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Activations and their derivatives over array ranges, on vectors; the tail is one vector step on a per-thread
 * scratch copy, so short rows (a 10-wide layer) stay on vectors too. Same formulas as {@link Activation}.
 *
 * <p>One loop per activation, each in its own small method (the switch sits outside the loops): a vector that
 * flows out of a many-way switch inside a hot loop, or through a method too big to inline into, is what C2 fails
 * to keep in a register.
 */
final class VectorActivations {


    private VectorActivations() {
    }

    /** Per-thread one-vector buffers for tails. Lanes past the tail hold stale values whose results are dropped. */
    private static final class Tail {
        static final ThreadLocal<Tail> SCRATCH = ThreadLocal.withInitial(Tail::new);
        final float[] z = new float[L];
        final float[] y = new float[L];
        final float[] dy = new float[L];
        final float[] out = new float[L];
    }

    /** y[yo + i] = act(x[xo + i]) for i in [0, n); y may alias x at the same offset. */
    static void forward(Activation act, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        forwardBody(act, alpha, x, xo, y, yo, bound);
        int tail = n - bound;
        if (tail > 0 && act == Activation.RELU) { // a compare per element: cheaper than the copies below
            for (int i = bound; i < n; i++) {
                float z = x[xo + i];
                y[yo + i] = z <= 0f ? 0f : z; // as the vector blend: NaN stays NaN
            }
        } else if (tail > 0) { // one full vector on a scratch copy: masked loads were measured to allocate
            float[] t = Tail.SCRATCH.get().y;
            System.arraycopy(x, xo + bound, t, 0, tail);
            forwardBody(act, alpha, t, 0, t, 0, L);
            System.arraycopy(t, 0, y, yo + bound, tail);
        }
    }

    /**
     * act applied in place to {@code rows} rows of {@code cols} floats, {@code ld} apart, cols a multiple of L: a GEMM
     * tile's epilogue in one call rather than one per row (12 calls of two vectors each cost ~1 % of a 128x784x512
     * sigmoid layer).
     */
    static void forwardRows(Activation act, float alpha, float[] c, int off, int ld, int rows, int cols) {
        forwardBody(act, alpha, c, off, c, off, cols, rows, ld);
    }

    /** {@link #forward} for n a multiple of L, over {@code rows} rows {@code ld} apart. */
    private static void forwardBody(Activation act, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        forwardBody(act, alpha, x, xo, y, yo, n, 1, 0);
    }

    private static void forwardBody(Activation act, float alpha, float[] x, int xo, float[] y, int yo, int n,
                                    int rows, int ld) {
        switch (act) {
            case IDENTITY -> {
                if (x != y || xo != yo) {
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(x, xo + r * ld, y, yo + r * ld, n);
                    }
                }
            }
            case RELU -> reluForward(x, xo, y, yo, n, rows, ld);
            case SIGMOID -> sigmoidForward(x, xo, y, yo, n, rows, ld);
            case TANH -> tanhRows(x, xo, y, yo, n, rows, ld);
            case LEAKY_RELU -> leakyReluForward(alpha, x, xo, y, yo, n, rows, ld);
            case GELU -> VectorGelu.tanhForward(x, xo, y, yo, n, rows, ld);
            case GELU_ERF -> VectorGelu.erfForward(x, xo, y, yo, n, rows, ld);
            case SILU -> VectorSmoothUnits.siluForward(x, xo, y, yo, n, rows, ld);
            case ELU -> VectorSmoothUnits.eluForward(alpha, x, xo, y, yo, n, rows, ld);
        }
    }

    // One small method per activation and direction: when every loop sat in the switch's own method, C2 ran out
    // of inlining budget once several activations had been used and boxed the vectors (192-1488 B per call).

    private static void reluForward(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                relu(FloatVector.fromArray(S, x, x0 + i)).intoArray(y, y0 + i);
            }
        }
    }

    static void sigmoidForward(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                sigmoid(FloatVector.fromArray(S, x, x0 + i)).intoArray(y, y0 + i);
            }
        }
    }

    static void tanhRows(float[] x, int xo, float[] y, int yo, int n, int rows, int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                VectorMath.tanh(FloatVector.fromArray(S, x, x0 + i)).intoArray(y, y0 + i);
            }
        }
    }

    private static void leakyReluForward(float alpha, float[] x, int xo, float[] y, int yo, int n, int rows,
                                         int ld) {
        for (int r = 0; r < rows; r++) {
            int x0 = xo + r * ld;
            int y0 = yo + r * ld;
            for (int i = 0; i < n; i += L) {
                leakyRelu(FloatVector.fromArray(S, x, x0 + i), alpha).intoArray(y, y0 + i);
            }
        }
    }

    /**
     * g[i] = dy[i] · act'(z[i], y[i]), stored into {@code out} or (with {@code accumulate}) added to it, for i in
     * [0, n) at offset {@code off} in every array. {@code z} may be null unless the activation needs it.
     */
    static void gradient(Activation act, float alpha, float[] z, float[] y, float[] dy, float[] out, int off, int n,
                         boolean accumulate) {
        int bound = S.loopBound(n);
        gradientBody(act, alpha, z, y, dy, out, off, bound, accumulate);
        int tail = n - bound;
        if (tail > 0 && act == Activation.RELU) { // as in forward, and as the vector blend: dy where y > 0, else 0
            for (int i = off + bound; i < off + n; i++) {
                float g = y[i] > 0f ? dy[i] : 0f;
                out[i] = accumulate ? out[i] + g : g;
            }
        } else if (tail > 0) { // one full vector on scratch copies, as in forward
            Tail t = Tail.SCRATCH.get();
            int from = off + bound;
            if (z != null) {
                System.arraycopy(z, from, t.z, 0, tail);
            }
            System.arraycopy(y, from, t.y, 0, tail);
            System.arraycopy(dy, from, t.dy, 0, tail);
            if (accumulate) {
                System.arraycopy(out, from, t.out, 0, tail);
            }
            gradientBody(act, alpha, z == null ? null : t.z, t.y, t.dy, t.out, 0, L, accumulate);
            System.arraycopy(t.out, 0, out, from, tail);
        }
    }

    /** {@link #gradient} for n a multiple of L. */
    private static void gradientBody(Activation act, float alpha, float[] z, float[] y, float[] dy, float[] out,
                                     int off, int n, boolean accumulate) {
        switch (act) {
            case IDENTITY -> identityGradient(dy, out, off, n, accumulate);
            case RELU -> reluGradient(y, dy, out, off, n, accumulate);
            case SIGMOID -> sigmoidGradient(y, dy, out, off, n, accumulate);
            case TANH -> tanhGradient(y, dy, out, off, n, accumulate);
            case LEAKY_RELU -> leakyReluGradient(alpha, y, dy, out, off, n, accumulate);
            case GELU -> VectorGelu.tanhGradient(z, dy, out, off, n, accumulate);
            case GELU_ERF -> VectorGelu.erfGradient(z, dy, out, off, n, accumulate);
            case SILU -> VectorSmoothUnits.siluGradient(z, dy, out, off, n, accumulate);
            case ELU -> VectorSmoothUnits.eluGradient(alpha, y, dy, out, off, n, accumulate);
        }
    }

    private static void identityGradient(float[] dy, float[] out, int off, int n, boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            store(FloatVector.fromArray(S, dy, off + i), out, off + i, accumulate);
        }
    }

    private static void reluGradient(float[] y, float[] dy, float[] out, int off, int n, boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, off + i).compare(GT, 0f);
            FloatVector g = FloatVector.zero(S).blend(FloatVector.fromArray(S, dy, off + i), positive);
            store(g, out, off + i, accumulate);
        }
    }

    private static void sigmoidGradient(float[] y, float[] dy, float[] out, int off, int n, boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, off + i);
            FloatVector d = yv.mul(yv.neg().add(1f));
            store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
        }
    }

    private static void tanhGradient(float[] y, float[] dy, float[] out, int off, int n, boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, off + i);
            FloatVector d = yv.mul(yv).neg().add(1f);
            store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
        }
    }

    private static void leakyReluGradient(float alpha, float[] y, float[] dy, float[] out, int off, int n,
                                          boolean accumulate) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, off + i).compare(GT, 0f);
            FloatVector d = FloatVector.broadcast(S, alpha).blend(1f, positive);
            store(FloatVector.fromArray(S, dy, off + i).mul(d), out, off + i, accumulate);
        }
    }

    static void store(FloatVector g, float[] out, int at, boolean accumulate) {
        (accumulate ? g.add(FloatVector.fromArray(S, out, at)) : g).intoArray(out, at);
    }

    private static FloatVector relu(FloatVector z) {
        return z.blend(FloatVector.zero(S), z.compare(LE, 0f)); // NaN stays NaN, as in PyTorch
    }

    private static FloatVector leakyRelu(FloatVector z, float alpha) {
        return z.mul(alpha).blend(z, z.compare(GT, 0f));
    }

    /** Stable logistic: with e = exp(-|z|), 1/(1+e) for z >= 0 and e/(1+e) below, as {@link Activation#sigmoid}. */
    private static FloatVector sigmoid(FloatVector z) {
        FloatVector e = VectorMath.exp(z.abs().neg());
        FloatVector forPositive = FloatVector.broadcast(S, 1f).div(e.add(1f));
        return e.mul(forPositive).blend(forPositive, z.compare(GE, 0f));
    }
}
