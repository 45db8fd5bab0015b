package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.KernelThreads;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A dense layer's two backward products, dX = dZ·W and dW += dZᵀ·X, computed together in one pass with nothing
 * packed: over a strip of L input columns, eight rows of X and two rows of W sit in registers, and each element of
 * dZ, broadcast once, feeds one FMA into dX and one into dW. Two GEMMs pack dZ twice and W and X once each and run
 * edge tiles; for a small W that is a large share of the work: 32x64x128 products 9.7-10.4 against 13.2-13.7 µs,
 * 64x300x200 147 against 168 (one thread, Zen 4). A W larger than L2 streams its strips from L2 again for every
 * eight rows and the packed GEMMs win (128x784x512: the one pass at 0.90-0.96 of their speed, 256x784x512
 * 0.87-0.91), so {@link #fits} keeps those on {@link Gemm}. The 8 x 2 block was the fastest of those tried (8x4,
 * 4x4, 6x3, 12x1, 10x2, 16x1: slower, or fast in one JVM and spilling in the next) and needs 32 vector registers,
 * so it runs only with 16-lane vectors.
 *
 * <p>Rows past the last multiple of eight run the same block on zero-padded copies of their rows of X and dZ;
 * columns past the last whole strip run it on lane-padded copies of those columns of X, W and dW (X's 256 rows at
 * a time, so the copies are bounded by the layer, not the batch).
 */
final class JointBackward {

    /** Rows of X (and dX) per block. */
    private static final int ROWS = 8;
    /** Outputs per pass over a strip: dX's accumulators are stored and reloaded once per range (256 beat 64-128). */
    private static final int RANGE = 256;
    /** Rows of the edge strip copied at a time, a multiple of ROWS: bounds its copies by this, not by the batch. */
    private static final int EDGE_ROWS = 256;
    /** Most weights (out x in) a layer may have to run here: W and dW together a quarter of a Zen 4 L2 (1 MiB). */
    static final int MAX_WEIGHTS = 1 << 16;

    private JointBackward() {
    }

    /**
     * Rows of X, W and dW this many floats apart (1 KiB) fall into a few L1 sets, and a strip's rows evict each other:
     * 128x256x256 ran at 0.95-1.01 and 128x512x128 at 0.82-0.87 of the GEMMs, against 1.13-1.15 at 128x240x256
     * and 1.00-1.09 at 128x496x128 (bench/scripts/backward-products-ab.sh).
     */
    private static final int ALIASING_STRIDE = 256;

    /**
     * Whether this path serves the layer: an even number of outputs, a whole block of rows, a whole strip, a small
     * W, and rows that do not alias in L1.
     */
    static boolean fits(int batch, int in, int out) {
        return L >= 16 && batch >= ROWS && in >= L && out % 2 == 0 && (long) in * out <= MAX_WEIGHTS
                && in % ALIASING_STRIDE != 0;
    }

    /** dX = dZ·W (overwritten), dW += dZᵀ·X; dZ [batch, out], W [out, in], X [batch, in]. Requires {@link #fits}. */
    static void products(float[] dZ, float[] x, float[] w, float[] dX, float[] dW, int batch, int in, int out) {
        Job job = JOB.get();
        job.set(dZ, x, w, dX, dW, batch, in, out);
        long macs = 2L * batch * in * out;
        int parts = KernelThreads.canSplit() && macs >= Gemm.PARALLEL_MIN_MACS
                ? Math.min(KernelThreads.threads(), job.strips) : 1;
        try {
            KernelThreads.run(parts, job);
            job.finish();
        } finally {
            job.clear();
        }
    }

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    /**
     * One call's arguments and padded copies, reused per calling thread; its parts are contiguous ranges of strips,
     * which write disjoint columns of dX and dW.
     */
    private static final class Job implements KernelThreads.Part {
        float[] dZ;
        float[] x;
        float[] w;
        float[] dX;
        float[] dW;
        int batch;
        int in;
        int out;
        int wholeRows;
        int wholeStrips;
        int strips;
        /** The rows past wholeRows, zero-padded to ROWS: of dZ [ROWS, out], of X and dX [ROWS, in]. */
        float[] lastDZ = new float[0];
        float[] lastX = new float[0];
        float[] lastDX = new float[0];
        /** The columns past wholeStrips·L, zero-padded to L: of X and dX [EDGE_ROWS, L], of W and dW [out, L]. */
        float[] edgeX = new float[0];
        float[] edgeDX = new float[0];
        float[] edgeW = new float[0];
        float[] edgeDW = new float[0];

        void set(float[] dZ, float[] x, float[] w, float[] dX, float[] dW, int batch, int in, int out) {
            this.dZ = dZ;
            this.x = x;
            this.w = w;
            this.dX = dX;
            this.dW = dW;
            this.batch = batch;
            this.in = in;
            this.out = out;
            int lastRows = batch % ROWS;
            wholeRows = batch - lastRows;
            wholeStrips = in / L;
            int edge = in % L;
            strips = wholeStrips + (edge > 0 ? 1 : 0);
            if (lastRows > 0) {
                lastDZ = zeroed(lastDZ, ROWS * out);
                lastX = zeroed(lastX, ROWS * in);
                lastDX = Gemm.ensure(lastDX, ROWS * in);
                System.arraycopy(dZ, wholeRows * out, lastDZ, 0, lastRows * out);
                System.arraycopy(x, wholeRows * in, lastX, 0, lastRows * in);
            }
            if (edge > 0) {
                int from = wholeStrips * L;
                edgeX = Gemm.ensure(edgeX, EDGE_ROWS * L);
                edgeDX = Gemm.ensure(edgeDX, EDGE_ROWS * L);
                edgeW = zeroed(edgeW, out * L);
                edgeDW = zeroed(edgeDW, out * L);
                for (int o = 0; o < out; o++) {
                    System.arraycopy(w, o * in + from, edgeW, o * L, edge);
                    System.arraycopy(dW, o * in + from, edgeDW, o * L, edge);
                }
            }
        }

        @Override
        public void run(int part, int parts) {
            int first = (int) ((long) part * strips / parts);
            int end = (int) ((long) (part + 1) * strips / parts);
            for (int strip = first; strip < end; strip++) {
                if (strip < wholeStrips) {
                    strip(x, w, dX, dW, in, strip * L, 0, batch, 0, lastX, lastDX, 0);
                } else {
                    edgeStrip();
                }
            }
        }

        /**
         * The strip past the last whole one, on the lane-padded copies, EDGE_ROWS rows at a time: X's edge columns
         * copied in (the rows past the batch zero), dX's copied out; W's and dW's were copied whole in set.
         */
        private void edgeStrip() {
            int from = wholeStrips * L;
            int edge = in - from;
            for (int r0 = 0; r0 < batch; r0 += EDGE_ROWS) {
                int rows = Math.min(EDGE_ROWS, batch - r0);
                Arrays.fill(edgeX, 0, Math.ceilDiv(rows, ROWS) * ROWS * L, 0f);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, (r0 + r) * in + from, edgeX, r * L, edge);
                }
                strip(edgeX, edgeW, edgeDX, edgeDW, L, 0, r0, r0 + rows, r0, edgeX, edgeDX, wholeRows - r0);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(edgeDX, r * L, dX, (r0 + r) * in + from, edge);
                }
            }
        }

        /**
         * Batch rows [first, end) over one strip of L columns starting at column j of arrays with row length ld;
         * X and dX hold batch row r at row r - shift of xs and dXs. Rows past wholeRows read X from {@code lastX}
         * and write dX to {@code lastDX}, both from row {@code lastAt}.
         */
        private void strip(float[] xs, float[] ws, float[] dXs, float[] dWs, int ld, int j, int first, int end,
                           int shift, float[] lastX, float[] lastDX, int lastAt) {
            int wholeEnd = Math.min(end, wholeRows);
            for (int o0 = 0; o0 < out; o0 += RANGE) {
                int o1 = Math.min(out, o0 + RANGE);
                for (int r = first; r < wholeEnd; r += ROWS) {
                    block(dZ, r, out, xs, r - shift, ws, dXs, dWs, ld, j, o0, o1);
                }
                if (end > wholeRows) {
                    block(lastDZ, 0, out, lastX, lastAt, ws, lastDX, dWs, ld, j, o0, o1);
                }
            }
        }

        /** Copies the padded results back: the last rows of dX, and the edge columns of dW. */
        void finish() {
            int lastRows = batch - wholeRows;
            int from = wholeStrips * L;
            for (int r = 0; r < lastRows; r++) {
                System.arraycopy(lastDX, r * in, dX, (wholeRows + r) * in, from);
            }
            int edge = in - from;
            if (edge > 0) { // dX's edge columns went back in edgeStrip
                for (int o = 0; o < out; o++) {
                    System.arraycopy(edgeDW, o * L, dW, o * in + from, edge);
                }
            }
        }

        /** Drops the array references so a finished job keeps no user data alive. */
        void clear() {
            dZ = x = w = dX = dW = null;
        }
    }

    private static float[] zeroed(float[] buffer, int size) {
        float[] b = Gemm.ensure(buffer, size);
        Arrays.fill(b, 0, size, 0f);
        return b;
    }

    /**
     * Rows [xRow, xRow + 8) of dX (over outputs [o0, o1); zeroed first when o0 is 0) and rows [o0, o1) of dW, in the
     * strip at column j: for each pair of outputs, dX row i += dZ(i, o)·W row o and dW row o += dZ(i, o)·X row i.
     * dZ's rows are [zRow, zRow + 8) of a [*, out] array; x, w, dX and dW have rows of length ld. Written out flat on
     * purpose: vectors passed through helpers, or held in more than ~24 registers, are what C2 boxes or spills.
     */
    private static void block(float[] dZ, int zRow, int out, float[] x, int xRow, float[] w, float[] dX, float[] dW,
                              int ld, int j, int o0, int o1) {
        int xr = xRow * ld + j;
        FloatVector x0 = FloatVector.fromArray(S, x, xr);
        FloatVector x1 = FloatVector.fromArray(S, x, xr + 1 * ld);
        FloatVector x2 = FloatVector.fromArray(S, x, xr + 2 * ld);
        FloatVector x3 = FloatVector.fromArray(S, x, xr + 3 * ld);
        FloatVector x4 = FloatVector.fromArray(S, x, xr + 4 * ld);
        FloatVector x5 = FloatVector.fromArray(S, x, xr + 5 * ld);
        FloatVector x6 = FloatVector.fromArray(S, x, xr + 6 * ld);
        FloatVector x7 = FloatVector.fromArray(S, x, xr + 7 * ld);
        FloatVector d0;
        FloatVector d1;
        FloatVector d2;
        FloatVector d3;
        FloatVector d4;
        FloatVector d5;
        FloatVector d6;
        FloatVector d7;
        if (o0 == 0) { // dX is overwritten: its first output range starts from zero
            d0 = FloatVector.zero(S);
            d1 = d0;
            d2 = d0;
            d3 = d0;
            d4 = d0;
            d5 = d0;
            d6 = d0;
            d7 = d0;
        } else {
            d0 = FloatVector.fromArray(S, dX, xr);
            d1 = FloatVector.fromArray(S, dX, xr + 1 * ld);
            d2 = FloatVector.fromArray(S, dX, xr + 2 * ld);
            d3 = FloatVector.fromArray(S, dX, xr + 3 * ld);
            d4 = FloatVector.fromArray(S, dX, xr + 4 * ld);
            d5 = FloatVector.fromArray(S, dX, xr + 5 * ld);
            d6 = FloatVector.fromArray(S, dX, xr + 6 * ld);
            d7 = FloatVector.fromArray(S, dX, xr + 7 * ld);
        }
        FloatVector s;
        for (int o = o0; o < o1; o += 2) {
            int wr = o * ld + j;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + ld);
            FloatVector g0 = FloatVector.fromArray(S, dW, wr);
            FloatVector g1 = FloatVector.fromArray(S, dW, wr + ld);
            int z = zRow * out + o;
            s = FloatVector.broadcast(S, dZ[z]);
            d0 = s.fma(w0, d0);
            g0 = s.fma(x0, g0);
            s = FloatVector.broadcast(S, dZ[z + 1]);
            d0 = s.fma(w1, d0);
            g1 = s.fma(x0, g1);
            s = FloatVector.broadcast(S, dZ[z + 1 * out]);
            d1 = s.fma(w0, d1);
            g0 = s.fma(x1, g0);
            s = FloatVector.broadcast(S, dZ[z + 1 * out + 1]);
            d1 = s.fma(w1, d1);
            g1 = s.fma(x1, g1);
            s = FloatVector.broadcast(S, dZ[z + 2 * out]);
            d2 = s.fma(w0, d2);
            g0 = s.fma(x2, g0);
            s = FloatVector.broadcast(S, dZ[z + 2 * out + 1]);
            d2 = s.fma(w1, d2);
            g1 = s.fma(x2, g1);
            s = FloatVector.broadcast(S, dZ[z + 3 * out]);
            d3 = s.fma(w0, d3);
            g0 = s.fma(x3, g0);
            s = FloatVector.broadcast(S, dZ[z + 3 * out + 1]);
            d3 = s.fma(w1, d3);
            g1 = s.fma(x3, g1);
            s = FloatVector.broadcast(S, dZ[z + 4 * out]);
            d4 = s.fma(w0, d4);
            g0 = s.fma(x4, g0);
            s = FloatVector.broadcast(S, dZ[z + 4 * out + 1]);
            d4 = s.fma(w1, d4);
            g1 = s.fma(x4, g1);
            s = FloatVector.broadcast(S, dZ[z + 5 * out]);
            d5 = s.fma(w0, d5);
            g0 = s.fma(x5, g0);
            s = FloatVector.broadcast(S, dZ[z + 5 * out + 1]);
            d5 = s.fma(w1, d5);
            g1 = s.fma(x5, g1);
            s = FloatVector.broadcast(S, dZ[z + 6 * out]);
            d6 = s.fma(w0, d6);
            g0 = s.fma(x6, g0);
            s = FloatVector.broadcast(S, dZ[z + 6 * out + 1]);
            d6 = s.fma(w1, d6);
            g1 = s.fma(x6, g1);
            s = FloatVector.broadcast(S, dZ[z + 7 * out]);
            d7 = s.fma(w0, d7);
            g0 = s.fma(x7, g0);
            s = FloatVector.broadcast(S, dZ[z + 7 * out + 1]);
            d7 = s.fma(w1, d7);
            g1 = s.fma(x7, g1);
            g0.intoArray(dW, wr);
            g1.intoArray(dW, wr + ld);
        }
        d0.intoArray(dX, xr);
        d1.intoArray(dX, xr + 1 * ld);
        d2.intoArray(dX, xr + 2 * ld);
        d3.intoArray(dX, xr + 3 * ld);
        d4.intoArray(dX, xr + 4 * ld);
        d5.intoArray(dX, xr + 5 * ld);
        d6.intoArray(dX, xr + 6 * ld);
        d7.intoArray(dX, xr + 7 * ld);
    }
}
