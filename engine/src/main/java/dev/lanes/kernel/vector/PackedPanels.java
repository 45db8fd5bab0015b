package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.NR;

/**
 * A whole B operand packed once, in exactly the panels {@link Gemm} would pack it into call after call: K cut into
 * Gemm's equal depth blocks, each block a row of NR-column panels over all n columns, the bias row (if any) leading
 * the first block. A GEMM over frozen weights (inference) then skips packing B, about a tenth of a batch-256
 * forward pass through a 784-512-256-10 network.
 */
final class PackedPanels {

    private final float[] panels;
    private final int[] blockBase;
    private final int k;
    private final int n;
    private final int kStep;
    private final boolean hasBias;

    private PackedPanels(float[] panels, int[] blockBase, int k, int n, int kStep, boolean hasBias) {
        this.panels = panels;
        this.blockBase = blockBase;
        this.k = k;
        this.n = n;
        this.kStep = kStep;
        this.hasBias = hasBias;
    }

    /**
     * Packs B[k, n] (B(p, j) = b[off + p*rowStride + j*colStride]) and, when {@code bias} is non-null, bias[0, n) as
     * the leading row. Allocates the panels; meant to run once per set of weights.
     */
    static PackedPanels pack(float[] b, int off, int rowStride, int colStride, int k, int n, float[] bias) {
        int kStep = Gemm.depthStep(k);
        int blocks = k == 0 ? 0 : Math.ceilDiv(k, kStep);
        int width = Math.ceilDiv(n, NR) * NR;
        int[] blockBase = new int[blocks];
        long total = 0;
        for (int t = 0; t < blocks; t++) {
            blockBase[t] = Math.toIntExact(total);
            total += (long) depth(t, k, kStep, bias != null) * width;
        }
        float[] panels = new float[Math.toIntExact(total)];
        int[] columnOffsets = new int[NR];
        for (int t = 0; t < blocks; t++) {
            int pc = t * kStep;
            Packing.packB(b, off + pc * rowStride, rowStride, colStride, Math.min(kStep, k - pc), n,
                    t == 0 ? bias : null, 0, panels, blockBase[t], columnOffsets);
        }
        return new PackedPanels(panels, blockBase, k, n, kStep, bias != null);
    }

    private static int depth(int block, int k, int kStep, boolean hasBias) {
        return Math.min(kStep, k - block * kStep) + (block == 0 && hasBias ? 1 : 0);
    }

    float[] panels() {
        return panels;
    }

    /** Where the panels of depth block {@code pc / kStep} start at column {@code column} (a multiple of NR). */
    int offset(int pc, int column) {
        int block = pc / kStep;
        return blockBase[block] + column * depth(block, k, kStep, hasBias);
    }

    int k() {
        return k;
    }

    int n() {
        return n;
    }

    boolean hasBias() {
        return hasBias;
    }
}
