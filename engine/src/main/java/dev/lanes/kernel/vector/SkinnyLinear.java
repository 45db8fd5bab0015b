package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.KernelThreads;
import jdk.incubator.vector.FloatVector;

/**
 * The dense layer for few rows (batch-1 inference, the seed's tiny nets): W is read in place, one pass over its
 * rows, instead of being packed for {@link Gemm} — packing all of W costs more than the product when it is used for
 * only a few rows. Forward is one dot product per output along the contiguous rows of x and W; backward is
 * row-wise axpys into dW and dX. Activations use {@link VectorActivations}, as Gemm's epilogue does. Forward also
 * serves any batch through a layer with fewer outputs than a vector has lanes (see VectorKernel.packsWeights).
 */
final class SkinnyLinear {

    /**
     * Outputs computed together, sharing each load of x: 8 accumulators keep 8 rows of W streaming at once (38
     * against 43 µs with 4, batch-1 784-512-256-10 on one thread).
     */
    private static final int OUTPUTS_PER_PASS = 8;

    private SkinnyLinear() {
    }

    /**
     * Y[B,N] = act(X[B,K]·W[N,K]ᵀ + b), keeping Z in preAct when given. A large W is split by output columns
     * across {@link KernelThreads}: each thread reads its own rows of W (and, call after call, the same ones, which
     * stay in its core's cache); every output is computed the same way on any thread count.
     */
    static void forward(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y, float[] preAct,
                        int batch, int in, int out) {
        long macs = (long) batch * in * out;
        if (macs < PARALLEL_MIN_MACS || out < 2 * OUTPUTS_PER_PASS || !KernelThreads.canSplit()) {
            forwardColumns(x, w, bias, act, alpha, y, preAct, batch, in, out, 0, out);
            return;
        }
        ForwardJob job = JOB.get();
        job.set(x, w, bias, act, alpha, y, preAct, batch, in, out, KernelThreads.threads());
        try {
            KernelThreads.run(job.slices, job);
        } finally {
            job.clear();
        }
    }

    /** {@link #forward} for the output columns [from, to). */
    private static void forwardColumns(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y,
                                       float[] preAct, int batch, int in, int out, int from, int to) {
        int cols = to - from;
        for (int r = 0; r < batch; r++) {
            int xo = r * in;
            int yo = r * out;
            int j = from;
            if (in >= L && cols >= OUTPUTS_PER_PASS) {
                for (; j + OUTPUTS_PER_PASS <= to; j += OUTPUTS_PER_PASS) {
                    dot8(x, xo, w, j * in, in, y, yo + j);
                }
                // The last few outputs: one more pass ending at `to`, recomputing some outputs to the same bits. Single
                // dot() calls for them were in some JVMs left running as C1 code, which boxes every vector (3.6 KB
                // allocated per batch-1 784-512-256-10 call in 1 fork of 8).
                if (j < to) {
                    int last = to - OUTPUTS_PER_PASS;
                    dot8(x, xo, w, last * in, in, y, yo + last);
                    j = to;
                }
            }
            for (; j < to; j++) {
                y[yo + j] = dot(x, xo, w, j * in, in);
            }
            if (bias != null) {
                VectorArrays.addInto(bias, from, y, yo + from, cols);
            }
            if (preAct != null) {
                System.arraycopy(y, yo + from, preAct, yo + from, cols);
            }
            if (cols != out) {
                VectorActivations.forward(act, alpha, y, yo + from, y, yo + from, cols);
            }
        }
        if (cols == out) { // whole rows: one pass over the contiguous batch
            VectorActivations.forward(act, alpha, y, 0, y, 0, batch * out);
        }
    }

    /** Below this many multiply-adds a forward call stays on the calling thread. */
    static final long PARALLEL_MIN_MACS = 1L << 16;

    private static final ThreadLocal<ForwardJob> JOB = ThreadLocal.withInitial(ForwardJob::new);

    /** One split forward call's arguments, reused per calling thread so that splitting allocates nothing. */
    private static final class ForwardJob implements KernelThreads.Part {
        float[] x;
        float[] w;
        float[] bias;
        float[] y;
        float[] preAct;
        Activation act;
        float alpha;
        int batch, in, out, chunk, slices;

        void set(float[] x, float[] w, float[] bias, Activation act, float alpha, float[] y, float[] preAct,
                 int batch, int in, int out, int parts) {
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.act = act;
            this.alpha = alpha;
            this.y = y;
            this.preAct = preAct;
            this.batch = batch;
            this.in = in;
            this.out = out;
            chunk = Math.ceilDiv(Math.ceilDiv(out, parts), OUTPUTS_PER_PASS) * OUTPUTS_PER_PASS;
            slices = Math.ceilDiv(out, chunk);
        }

        /** Drops the array references so a finished job keeps no user data alive. */
        void clear() {
            x = w = bias = y = preAct = null;
        }

        @Override
        public void run(int part, int parts) {
            int from = part * chunk;
            forwardColumns(x, w, bias, act, alpha, y, preAct, batch, in, out, from, Math.min(out, from + chunk));
        }
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

    /** Eight dot products of x's row with W's rows at wo, wo + n, ..., written to y[yo .. yo + 7]. */
    private static void dot8(float[] x, int xo, float[] w, int wo, int n, float[] y, int yo) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int bound = S.loopBound(n);
        for (int p = 0; p < bound; p += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + p);
            a0 = xv.fma(FloatVector.fromArray(S, w, wo + p), a0);
            a1 = xv.fma(FloatVector.fromArray(S, w, wo + n + p), a1);
            a2 = xv.fma(FloatVector.fromArray(S, w, wo + 2 * n + p), a2);
            a3 = xv.fma(FloatVector.fromArray(S, w, wo + 3 * n + p), a3);
            a4 = xv.fma(FloatVector.fromArray(S, w, wo + 4 * n + p), a4);
            a5 = xv.fma(FloatVector.fromArray(S, w, wo + 5 * n + p), a5);
            a6 = xv.fma(FloatVector.fromArray(S, w, wo + 6 * n + p), a6);
            a7 = xv.fma(FloatVector.fromArray(S, w, wo + 7 * n + p), a7);
        }
        float s0 = VectorArrays.sumLanes(a0), s1 = VectorArrays.sumLanes(a1), s2 = VectorArrays.sumLanes(a2);
        float s3 = VectorArrays.sumLanes(a3), s4 = VectorArrays.sumLanes(a4), s5 = VectorArrays.sumLanes(a5);
        float s6 = VectorArrays.sumLanes(a6), s7 = VectorArrays.sumLanes(a7);
        for (int p = bound; p < n; p++) {
            float xp = x[xo + p];
            s0 += xp * w[wo + p];
            s1 += xp * w[wo + n + p];
            s2 += xp * w[wo + 2 * n + p];
            s3 += xp * w[wo + 3 * n + p];
            s4 += xp * w[wo + 4 * n + p];
            s5 += xp * w[wo + 5 * n + p];
            s6 += xp * w[wo + 6 * n + p];
            s7 += xp * w[wo + 7 * n + p];
        }
        y[yo] = s0;
        y[yo + 1] = s1;
        y[yo + 2] = s2;
        y[yo + 3] = s3;
        y[yo + 4] = s4;
        y[yo + 5] = s5;
        y[yo + 6] = s6;
        y[yo + 7] = s7;
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
