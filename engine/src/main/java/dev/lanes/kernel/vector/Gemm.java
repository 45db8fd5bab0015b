package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.EDGE_ROWS;
import static dev.lanes.kernel.vector.MicroKernel.MAX_EDGE_ROWS;
import static dev.lanes.kernel.vector.MicroKernel.MR;
import static dev.lanes.kernel.vector.MicroKernel.NR;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.KernelThreads;

/**
 * Cache-blocked GEMM over packed panels (the BLIS loop nest: NC columns of B, KC deep, MC rows of A, then MR x NR
 * tiles), with the dense layer fused in: the bias enters the packed panels as one extra K row (ones in A, bias in
 * B), so the micro-kernel adds it for free; the activation (and the pre-activation copy) runs on each output tile
 * right after its last K block, while the tile is in L1 — or, for layers narrower than one tile, once per
 * contiguous row block.
 *
 * <p>Operands are given by strides (see {@link Packing}), so A·B, A·Bᵀ and Aᵀ·B share one code path and are equally
 * fast. Large problems split across {@link KernelThreads} by column or row slabs; each thread packs into its own
 * reused buffers and the split reuses one job object per calling thread, so steady-state calls allocate nothing.
 */
final class Gemm {

    /**
     * Most depth of a packed block. K is cut into equal blocks of at most KC (1024 into 2 of 512, 784 into 2 of 392).
     * On the Zen 4 machines (32 KiB L1d, 1 MiB L2) 512 beat 288 in paired runs of the two builds in one JVM by 5 %
     * at 1024³, 2 % at 512³ and 1 % at 256x784x512 (384 and 768 in between): fewer passes over C outweigh a B
     * micro-panel (KC x NR, 64 KiB) that no longer fits in L1 and streams from L2. 288 (a panel in the Intel
     * machines' 48 KiB L1) was within ±3 % of 400 and 800 there.
     */
    static final int KC = 512;
    /**
     * Rows of A per packed block (MC x KC floats, at most 192 KiB, in L2); a multiple of MR (6 or 12). 96 measured
     * 2-3 % faster than 192 at 512³ and 1024³ with the 12-row tile (72-384 tried).
     */
    static final int MC = 96;
    /**
     * Columns of B per packed block (KC x NC floats, at most 2 MiB: in L2 on the Intel machines, L3 on Zen 4, where 512
     * measured 0-2 % slower with KC 512); a multiple of NR.
     */
    static final int NC = 1024;
    /**
     * Below this many multiply-adds a call stays on the calling thread. Measured on 2 shared cores: waking a pool
     * worker cost 4-70 us, so 128^3 (2M) ran at 34 GFLOP/s on two threads against 95 on one; 256^3 (16.7M) gains.
     */
    static final long PARALLEL_MIN_MACS = 1L << 23;

    private Gemm() {
    }

    /** Per-thread packing buffers, grown on demand and reused. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
        final int[] columnOffsets = new int[NR];
        final int[] gatherOffsets = new int[MR * MicroKernel.L];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * C[m, n] (+)= A[m, k] · B[k, n], then (when {@code act != null}) C = act(C + bias), keeping C + bias in
     * {@code preAct} if that is non-null. A(i, p) = a[aOff + i*ars + p*acs]; B(p, j) = b[bOff + p*brs + j*bcs];
     * C(i, j) = c[cOff + i*ldc + j]; preAct uses C's indexing; bias(j) = bias[biasOff + j].
     */
    static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                     float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate,
                     float[] bias, int biasOff, Activation act, float alpha, float[] preAct) {
        run(a, aOff, ars, acs, b, bOff, brs, bcs, null, c, cOff, ldc, m, n, k, accumulate, bias, biasOff, act, alpha,
                preAct);
    }

    /**
     * {@link #gemm} with B (and the bias, if it was packed with one) already packed: C[m, n] (+)= A[m, k] · B, then
     * the fused epilogue. k must be at least 1 (panels of depth 0 have nowhere to keep a bias).
     */
    static void gemm(float[] a, int aOff, int ars, int acs, PackedPanels b, float[] c, int cOff, int ldc, int m,
                     boolean accumulate, Activation act, float alpha, float[] preAct) {
        if (b.k() == 0) {
            throw new IllegalArgumentException("Gemm: packed panels of depth 0");
        }
        run(a, aOff, ars, acs, null, 0, 0, 0, b, c, cOff, ldc, m, b.n(), b.k(), accumulate, null, 0, act, alpha,
                preAct);
    }

    /** The depth of Gemm's K blocks for a product of depth k: equal blocks of at most KC (784 = 2 x 392). */
    static int depthStep(int k) {
        return k == 0 ? 1 : Math.ceilDiv(k, Math.ceilDiv(k, KC));
    }

    private static void run(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                            PackedPanels packed, float[] c, int cOff, int ldc, int m, int n, int k,
                            boolean accumulate, float[] bias, int biasOff, Activation act, float alpha,
                            float[] preAct) {
        if (m == 0 || n == 0) {
            return;
        }
        long macs = (long) m * n * k;
        int parts = KernelThreads.canSplit() && macs >= PARALLEL_MIN_MACS ? KernelThreads.threads() : 1;
        if (parts == 1) {
            serial(a, aOff, ars, acs, b, bOff, brs, bcs, packed, 0, c, cOff, ldc, m, n, k, accumulate,
                    bias, biasOff, act, alpha, preAct);
            return;
        }
        GemmJob job = JOB.get();
        job.set(a, aOff, ars, acs, b, bOff, brs, bcs, packed, c, cOff, ldc, m, n, k, accumulate, bias, biasOff, act,
                alpha, preAct, parts);
        try {
            KernelThreads.run(job.slices, job);
        } finally {
            job.clear();
        }
    }

    private static final ThreadLocal<GemmJob> JOB = ThreadLocal.withInitial(GemmJob::new);

    /**
     * A dense layer's backward products, dX = dZ·W (dX may be null: not wanted) and dW += dZᵀ·X, with
     * dZ [batch, out], W [out, in], X [batch, in]. The two are independent and always of equal size (batch·in·out
     * multiply-adds), so on an even number of threads they run side by side, half the threads each, in one job: each
     * product is split half as finely (on two threads not at all, so no thread packs a dZ panel the other also
     * packs) and the call waits for the pool once, not twice. At 128x784x512 on two threads 5-6 % faster than one after the other; a
     * pair too small to split alone (64x256x256) still gets both threads. Otherwise one after the other.
     */
    static void backwardProducts(float[] dZ, float[] x, float[] w, float[] dX, float[] dW, int batch, int in, int out) {
        long macs = (long) batch * in * out;
        int threads = KernelThreads.threads();
        if (dX == null || threads % 2 != 0 || !KernelThreads.canSplit() || 2 * macs < PARALLEL_MIN_MACS) {
            if (dX != null) {
                gemm(dZ, 0, out, 1, w, 0, in, 1, dX, 0, in, batch, in, out, false, null, 0, null, 0f, null);
            }
            gemm(dZ, 0, 1, out, x, 0, in, 1, dW, 0, in, out, in, batch, true, null, 0, null, 0f, null);
            return;
        }
        PairJob pair = PAIR.get();
        pair.first.set(dZ, 0, out, 1, w, 0, in, 1, null, dX, 0, in, batch, in, out, false, null, 0, null, 0f, null,
                threads / 2);
        pair.second.set(dZ, 0, 1, out, x, 0, in, 1, null, dW, 0, in, out, in, batch, true, null, 0, null, 0f, null,
                threads / 2);
        try {
            KernelThreads.run(pair.first.slices + pair.second.slices, pair);
        } finally {
            pair.first.clear();
            pair.second.clear();
        }
    }

    private static final ThreadLocal<PairJob> PAIR = ThreadLocal.withInitial(PairJob::new);

    /** Two products' slices as one job: the first product's slices, then the second's. */
    private static final class PairJob implements KernelThreads.Part {
        final GemmJob first = new GemmJob();
        final GemmJob second = new GemmJob();

        @Override
        public void run(int part, int parts) {
            if (part < first.slices) {
                first.run(part, first.slices);
            } else {
                second.run(part - first.slices, second.slices);
            }
        }
    }

    /**
     * One parallel GEMM call's arguments, reused per calling thread so that splitting allocates nothing: slices
     * are column slabs (multiples of NR) when n >= m, else row slabs (multiples of 4 rows, which the bottom-edge
     * calls finish without waste: 256 rows on two threads split 128 + 128, 2-6 % faster than 132 + 124). With B
     * already packed, row slabs whenever each thread gets at least one tile of rows: each thread then packs only
     * its own rows of A, where column slabs would have every thread pack all of A.
     */
    private static final class GemmJob implements KernelThreads.Part {
        float[] a;
        float[] b;
        float[] c;
        float[] bias;
        float[] preAct;
        PackedPanels packed;
        Activation act;
        int aOff, ars, acs, bOff, brs, bcs, cOff, ldc, m, n, k, biasOff, chunk, extent, slices;
        float alpha;
        boolean accumulate;
        boolean byColumns;

        void set(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs, PackedPanels packed,
                 float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate,
                 float[] bias, int biasOff, Activation act, float alpha, float[] preAct, int parts) {
            this.a = a;
            this.aOff = aOff;
            this.ars = ars;
            this.acs = acs;
            this.b = b;
            this.bOff = bOff;
            this.brs = brs;
            this.bcs = bcs;
            this.packed = packed;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            this.bias = bias;
            this.biasOff = biasOff;
            this.act = act;
            this.alpha = alpha;
            this.preAct = preAct;
            byColumns = packed == null ? n >= m : m < parts * MR;
            int unit = byColumns ? NR : EDGE_ROWS;
            extent = byColumns ? n : m;
            chunk = Math.ceilDiv(Math.ceilDiv(extent, parts), unit) * unit;
            slices = Math.ceilDiv(extent, chunk);
        }

        /** Drops the array references so a finished job keeps no user data alive. */
        void clear() {
            a = b = c = bias = preAct = null;
            packed = null;
        }

        @Override
        public void run(int part, int parts) {
            int from = part * chunk;
            int len = Math.min(chunk, extent - from);
            if (byColumns) {
                serial(a, aOff, ars, acs, b, bOff + from * bcs, brs, bcs, packed, from, c, cOff + from, ldc, m, len,
                        k, accumulate, bias, biasOff + from, act, alpha, preAct);
            } else {
                serial(a, aOff + from * ars, ars, acs, b, bOff, brs, bcs, packed, 0, c, cOff + from * ldc, ldc, len,
                        n, k, accumulate, bias, biasOff, act, alpha, preAct);
            }
        }
    }

    /**
     * One thread's share. With {@code packed} non-null, B comes from its panels starting at column
     * {@code packedColumn} (b, bias and their offsets are then unused: the bias, if any, is in the panels).
     */
    private static void serial(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                               PackedPanels packed, int packedColumn, float[] c, int cOff, int ldc, int m, int n,
                               int k, boolean accumulate, float[] bias, int biasOff, Activation act, float alpha,
                               float[] preAct) {
        boolean hasBias = packed == null ? bias != null : packed.hasBias();
        if (k == 0) { // an empty sum: C keeps its value (or becomes 0), then bias and activation, elementwise
            for (int i = 0; i < m; i++) {
                int row = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    float z = (accumulate ? c[row + j] : 0f) + (bias == null ? 0f : bias[biasOff + j]);
                    if (preAct != null && act != null) {
                        preAct[row + j] = z;
                    }
                    c[row + j] = act == null ? z : act.apply(z, alpha);
                }
            }
            return;
        }
        Workspace ws = WORKSPACE.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            // Narrow outputs (the block spans whole rows of C): the epilogue runs once per row block, contiguous.
            boolean wholeRows = nc == ldc && nc <= NR;
            int kStep = depthStep(k);
            for (int pc = 0; pc < k; pc += kStep) {
                int kc = Math.min(kStep, k - pc);
                boolean biasRow = pc == 0 && hasBias;
                int depth = kc + (biasRow ? 1 : 0);
                float[] bp;
                int bpOff;
                if (packed != null) {
                    bp = packed.panels();
                    bpOff = packed.offset(pc, packedColumn + jc);
                } else {
                    bp = ws.b = ensure(ws.b, depth * roundUp(nc, NR));
                    bpOff = 0;
                    Packing.packB(b, bOff + pc * brs + jc * bcs, brs, bcs, kc, nc, biasRow ? bias : null,
                            biasOff + jc, bp, 0, ws.columnOffsets);
                }
                boolean overwrite = pc == 0 && !accumulate;
                boolean finish = pc + kc == k && act != null;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    float[] ap = ws.a = ensure(ws.a, depth * roundUp(mc, MR));
                    Packing.packA(a, aOff + ic * ars + pc * acs, ars, acs, mc, kc, biasRow, ap, ws.gatherOffsets);
                    int blockOff = cOff + ic * ldc + jc;
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int tileOff = blockOff + ir * ldc + jr;
                            if (rows == MR && cols == NR) {
                                MicroKernel.tile(ap, ir * depth, bp, bpOff + jr * depth, depth, c, tileOff, ldc,
                                        overwrite);
                            } else if (cols == NR && rows <= MAX_EDGE_ROWS) { // bottom edge: one or two 4-row calls
                                for (int r = 0; r < rows; r += EDGE_ROWS) {
                                    MicroKernel.tileRows(ap, ir * depth + r, bp, bpOff + jr * depth, depth, c,
                                            tileOff + r * ldc, ldc, overwrite, Math.min(EDGE_ROWS, rows - r));
                                }
                            } else { // edge tile: computed whole in scratch, only the valid part reaches C
                                MicroKernel.tile(ap, ir * depth, bp, bpOff + jr * depth, depth, ws.tile, 0, NR, true);
                                mergeEdge(ws.tile, rows, cols, c, tileOff, ldc, overwrite);
                            }
                            if (finish && !wholeRows) { // the tile is still in L1
                                epilogue(c, tileOff, ldc, rows, cols, act, alpha, preAct);
                            }
                        }
                    }
                    if (finish && wholeRows) {
                        epilogue(c, blockOff, ldc, 1, mc * nc, act, alpha, preAct);
                    }
                }
            }
        }
    }

    private static void mergeEdge(float[] tile, int rows, int cols, float[] c, int off, int ldc, boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            int dst = off + r * ldc;
            if (overwrite) {
                System.arraycopy(tile, r * NR, c, dst, cols);
            } else {
                VectorArrays.addInto(tile, r * NR, c, dst, cols);
            }
        }
    }

    /** The fused epilogue on a finished region (bias is already in it): keep the pre-activation, apply act. */
    private static void epilogue(float[] c, int off, int ldc, int rows, int cols, Activation act, float alpha,
                                 float[] preAct) {
        if (preAct != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, off + r * ldc, preAct, off + r * ldc, cols);
            }
        }
        if (cols % MicroKernel.L == 0) { // whole vectors: the tile in one call
            VectorActivations.forwardRows(act, alpha, c, off, ldc, rows, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            VectorActivations.forward(act, alpha, c, off + r * ldc, c, off + r * ldc, cols);
        }
    }

    /** {@code buffer} if it holds {@code size} floats, else a new array that does (per-thread scratch grows). */
    static float[] ensure(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }

    private static int roundUp(int x, int unit) {
        return Math.ceilDiv(x, unit) * unit;
    }
}
