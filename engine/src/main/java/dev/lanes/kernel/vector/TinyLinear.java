package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Activation;
import jdk.incubator.vector.FloatVector;

/**
 * The dense layer when both widths are under one vector (the seed's 3-10-6-4 and 2-2-3 nets): each row of the result
 * is one vector, built from broadcast-FMAs against W's columns or rows copied into lane-padded scratch. GEMM tiles
 * and dot products along K would leave most lanes idle at these sizes.
 */
final class TinyLinear {

    /** Most rows per call: the padded copy of X must fit the per-thread scratch (64 rows · L floats). */
    static final int MAX_ROWS = 64;

    private TinyLinear() {
    }

    /** True when both widths fit one vector and the rows fit the scratch. */
    static boolean fits(int batch, int in, int out) {
        return in < L && out < L && batch <= MAX_ROWS;
    }

    /** Per-thread lane-padded copies; lanes past a width hold stale values whose results are never stored. */
    private static final class Scratch {
        static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
        final float[] matrix = new float[L * L];    // Wᵀ [K, L] (forward) or W [N, L] (backward), rows padded
        final float[] rows = new float[MAX_ROWS * L]; // X [B, L], rows padded
        final float[] row = new float[L];
    }

    /** Y[B,N] = act(X[B,K]·W[N,K]ᵀ + b), keeping Z in preAct when given. */
    static void forward(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y, float[] preAct,
                        int batch, int in, int out) {
        Scratch s = Scratch.PER_THREAD.get();
        float[] wt = s.matrix;
        for (int j = 0; j < out; j++) {
            for (int p = 0; p < in; p++) {
                wt[p * L + j] = w[j * in + p];
            }
        }
        float[] row = s.row;
        for (int j = 0; j < L; j++) {
            row[j] = bias != null && j < out ? bias[j] : 0f;
        }
        FloatVector b = FloatVector.fromArray(S, row, 0);
        int size = batch * out;
        for (int r = 0; r < batch; r++) {
            FloatVector acc = b; // bias first, then the products in order of p, as the scalar reference sums
            for (int p = 0; p < in; p++) {
                acc = FloatVector.fromArray(S, wt, p * L).fma(FloatVector.broadcast(S, x[r * in + p]), acc);
            }
            VectorArrays.storeRow(acc, y, r * out, out, size, row);
        }
        if (preAct != null) {
            System.arraycopy(y, 0, preAct, 0, batch * out);
        }
        VectorActivations.forward(act, alpha, y, 0, y, 0, batch * out);
    }

    /** From a finished dZ[B,N]: dX = dZ·W (overwritten; skipped when null) and dW += dZᵀ·X. */
    static void backwardProducts(float[] dZ, float[] x, float[] w, float[] dX, float[] dW, int batch, int in,
                                 int out) {
        Scratch s = Scratch.PER_THREAD.get();
        float[] row = s.row;
        if (dX != null) {
            float[] wp = s.matrix;
            int wholeW = wholeVectorRows(w, in, out);
            for (int j = wholeW; j < out; j++) {
                System.arraycopy(w, j * in, wp, j * L, in);
            }
            for (int r = 0; r < batch; r++) {
                FloatVector acc = FloatVector.zero(S);
                for (int j = 0; j < out; j++) {
                    FloatVector wj = j < wholeW ? FloatVector.fromArray(S, w, j * in)
                            : FloatVector.fromArray(S, wp, j * L);
                    acc = wj.fma(FloatVector.broadcast(S, dZ[r * out + j]), acc);
                }
                VectorArrays.storeRow(acc, dX, r * in, in, batch * in, row);
            }
        }
        float[] xp = s.rows;
        int wholeX = wholeVectorRows(x, in, batch);
        for (int r = wholeX; r < batch; r++) {
            System.arraycopy(x, r * in, xp, r * L, in);
        }
        for (int j = 0; j < out; j++) {
            int at = j * in;
            FloatVector acc;
            if (at + L <= dW.length) {
                acc = FloatVector.fromArray(S, dW, at);
            } else {
                for (int p = 0; p < in; p++) {
                    row[p] = dW[at + p];
                }
                acc = FloatVector.fromArray(S, row, 0);
            }
            for (int r = 0; r < batch; r++) {
                FloatVector xr = r < wholeX ? FloatVector.fromArray(S, x, r * in) : FloatVector.fromArray(S, xp, r * L);
                acc = xr.fma(FloatVector.broadcast(S, dZ[r * out + j]), acc);
            }
            acc.intoArray(row, 0); // only the row's own lanes go back: later rows of dW are still to be read
            for (int p = 0; p < in; p++) {
                dW[at + p] = row[p];
            }
        }
    }

    /**
     * How many leading rows of {@code width} floats can be read from {@code a} as whole vectors, their lanes past
     * the row reading the rows after it (products of those lanes are never stored).
     */
    private static int wholeVectorRows(float[] a, int width, int rows) {
        return a.length < L ? 0 : Math.min(rows, (a.length - L) / width + 1);
    }
}
