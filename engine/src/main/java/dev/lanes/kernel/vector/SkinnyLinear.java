package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Activation;
import jdk.incubator.vector.FloatVector;

/**
 * The dense layer for few rows (batch-1 inference, the seed's tiny nets): W is read in place, one pass over its
 * rows, instead of being packed for {@link Gemm} — packing all of W costs more than the product when it is used for
 * only a few rows. Forward is one dot product per output along the contiguous rows of x and W; backward is
 * row-wise axpys into dW and dX. Activations use {@link VectorActivations}, as Gemm's epilogue does.
 */
final class SkinnyLinear {

    /** Outputs computed together, sharing each load of x (4 accumulators, well under the 12 that spill). */
    private static final int OUTPUTS_PER_PASS = 4;

    private SkinnyLinear() {
    }

    /** Y[B,N] = act(X[B,K]·W[N,K]ᵀ + b), keeping Z in preAct when given. */
    static void forward(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y, float[] preAct,
                        int batch, int in, int out) {
        for (int r = 0; r < batch; r++) {
            int xo = r * in;
            int yo = r * out;
            int j = 0;
            if (in >= L) {
                for (; j + OUTPUTS_PER_PASS <= out; j += OUTPUTS_PER_PASS) {
                    dot4(x, xo, w, j * in, in, y, yo + j);
                }
            }
            for (; j < out; j++) {
                y[yo + j] = dot(x, xo, w, j * in, in);
            }
            if (bias != null) {
                VectorArrays.addInto(bias, 0, y, yo, out);
            }
            if (preAct != null) {
                System.arraycopy(y, yo, preAct, yo, out);
            }
        }
        VectorActivations.forward(act, alpha, y, 0, y, 0, batch * out);
    }

    /** Σ a[ao + p]·b[bo + p] for p in [0, n): vector FMAs, lanes summed in a fixed order, then a scalar tail. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n);
        float total = 0f;
        if (bound > 0) {
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0; p < bound; p += L) {
                acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
            }
            total = VectorArrays.sumLanes(acc);
        }
        for (int p = bound; p < n; p++) {
            total += a[ao + p] * b[bo + p];
        }
        return total;
    }

    /** Four dot products of x's row with W's rows at wo, wo + n, ..., written to y[yo .. yo + 3]. */
    private static void dot4(float[] x, int xo, float[] w, int wo, int n, float[] y, int yo) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        int bound = S.loopBound(n);
        for (int p = 0; p < bound; p += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + p);
            a0 = xv.fma(FloatVector.fromArray(S, w, wo + p), a0);
            a1 = xv.fma(FloatVector.fromArray(S, w, wo + n + p), a1);
            a2 = xv.fma(FloatVector.fromArray(S, w, wo + 2 * n + p), a2);
            a3 = xv.fma(FloatVector.fromArray(S, w, wo + 3 * n + p), a3);
        }
        float s0 = VectorArrays.sumLanes(a0);
        float s1 = VectorArrays.sumLanes(a1);
        float s2 = VectorArrays.sumLanes(a2);
        float s3 = VectorArrays.sumLanes(a3);
        for (int p = bound; p < n; p++) {
            float xp = x[xo + p];
            s0 += xp * w[wo + p];
            s1 += xp * w[wo + n + p];
            s2 += xp * w[wo + 2 * n + p];
            s3 += xp * w[wo + 3 * n + p];
        }
        y[yo] = s0;
        y[yo + 1] = s1;
        y[yo + 2] = s2;
        y[yo + 3] = s3;
    }

    /**
     * The products of the backward pass from a finished dZ[B,N]: dX = dZ·W (overwritten; skipped when null) and
     * dW += dZᵀ·X, each row of W and dW visited once.
     */
    static void backwardProducts(float[] dZ, float[] x, float[] w, float[] dX, float[] dW, int batch, int in,
                                 int out) {
        if (dX != null) {
            java.util.Arrays.fill(dX, 0, batch * in, 0f);
        }
        for (int j = 0; j < out; j++) {
            int row = j * in;
            for (int r = 0; r < batch; r++) {
                float g = dZ[r * out + j];
                VectorArrays.axpy(g, x, r * in, dW, row, in);
                if (dX != null) {
                    VectorArrays.axpy(g, w, row, dX, r * in, in);
                }
            }
        }
    }
}
