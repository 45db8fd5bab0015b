package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Activation;
import jdk.incubator.vector.FloatVector;

/**
 * The dense layer with at most one vector of outputs (a classifier head) over many rows: each row of the result is
 * one vector, built from broadcast-FMAs of the row's inputs against Wᵀ's rows (W transposed once per call into
 * lane-padded scratch), eight rows at a time so that eight independent FMA chains are in flight. One dot product
 * per output (SkinnyLinear) spends a lane reduction on each of them and recomputes outputs to fill its passes:
 * 256x256x10 on one thread 50 against 32 µs (3 of them the transposition), the last layer of batch-256 inference
 * of the MNIST net (about 1 % of that call). TinyLinear's forward is the same loop for K under one vector,
 * kept apart: run through this class the seed's 3-10-6-4 training step measured 1.65 -> 1.78 µs (full-width
 * transposition, eight-row passes for ten rows).
 */
final class NarrowLinear {

    /** Fewest rows for which transposing W pays; below, SkinnyLinear's dot products. */
    static final int MIN_ROWS = 32;

    private static final int ROWS_PER_PASS = 8;

    private NarrowLinear() {
    }

    /** True when the layer's outputs fit one vector and there are rows enough to pay for the transposed copy. */
    static boolean fits(int batch, int out) {
        return out <= L && batch >= MIN_ROWS;
    }

    /** Per-thread Wᵀ [K, L] (lanes past the outputs zero) and a one-vector scratch row. */
    private static final class Scratch {
        static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
        float[] wt = new float[0];
        final float[] bias = new float[L]; // the bias, lanes past the outputs zero
        final float[] row = new float[L];
    }

    /** Y[B,N] = act(X[B,K]·W[N,K]ᵀ + b), keeping Z in preAct when given: the bias, then products in order of K. */
    static void forward(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y, float[] preAct,
                        int batch, int in, int out) {
        Scratch s = Scratch.PER_THREAD.get();
        if (s.wt.length < in * L) {
            s.wt = new float[in * L];
        }
        float[] wt = s.wt;
        for (int p = 0; p < in; p++) {
            for (int j = 0; j < L; j++) {
                wt[p * L + j] = j < out ? w[j * in + p] : 0f;
            }
        }
        float[] b = s.bias;
        for (int j = 0; j < L; j++) {
            b[j] = bias != null && j < out ? bias[j] : 0f;
        }
        float[] row = s.row;
        int size = batch * out;
        int r = 0;
        for (; r + ROWS_PER_PASS <= batch; r += ROWS_PER_PASS) {
            eightRows(x, r * in, in, wt, b, y, r * out, out, size, row);
        }
        for (; r < batch; r++) {
            FloatVector acc = FloatVector.fromArray(S, b, 0);
            for (int p = 0; p < in; p++) {
                acc = FloatVector.fromArray(S, wt, p * L).fma(FloatVector.broadcast(S, x[r * in + p]), acc);
            }
            VectorArrays.storeRow(acc, y, r * out, out, size, row);
        }
        if (preAct != null) {
            System.arraycopy(y, 0, preAct, 0, size);
        }
        VectorActivations.forward(act, alpha, y, 0, y, 0, size);
    }

    /**
     * Eight rows (x from xo, y from yo): eight accumulators over one load of each row of Wᵀ. Vectors stay inside
     * (the bias comes as an array): a vector passed to a method C2 does not inline is boxed.
     */
    private static void eightRows(float[] x, int xo, int in, float[] wt, float[] bias, float[] y, int yo, int out,
                                  int size, float[] row) {
        FloatVector b = FloatVector.fromArray(S, bias, 0);
        FloatVector a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (int p = 0; p < in; p++) {
            FloatVector wp = FloatVector.fromArray(S, wt, p * L);
            int i = xo + p;
            a0 = wp.fma(FloatVector.broadcast(S, x[i]), a0);
            a1 = wp.fma(FloatVector.broadcast(S, x[i + in]), a1);
            a2 = wp.fma(FloatVector.broadcast(S, x[i + 2 * in]), a2);
            a3 = wp.fma(FloatVector.broadcast(S, x[i + 3 * in]), a3);
            a4 = wp.fma(FloatVector.broadcast(S, x[i + 4 * in]), a4);
            a5 = wp.fma(FloatVector.broadcast(S, x[i + 5 * in]), a5);
            a6 = wp.fma(FloatVector.broadcast(S, x[i + 6 * in]), a6);
            a7 = wp.fma(FloatVector.broadcast(S, x[i + 7 * in]), a7);
        }
        VectorArrays.storeRow(a0, y, yo, out, size, row);
        VectorArrays.storeRow(a1, y, yo + out, out, size, row);
        VectorArrays.storeRow(a2, y, yo + 2 * out, out, size, row);
        VectorArrays.storeRow(a3, y, yo + 3 * out, out, size, row);
        VectorArrays.storeRow(a4, y, yo + 4 * out, out, size, row);
        VectorArrays.storeRow(a5, y, yo + 5 * out, out, size, row);
        VectorArrays.storeRow(a6, y, yo + 6 * out, out, size, row);
        VectorArrays.storeRow(a7, y, yo + 7 * out, out, size, row);
    }
}
