package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.MR;
import static dev.lanes.kernel.vector.MicroKernel.NR;

/**
 * Copies blocks of the GEMM operands into the panel layouts {@link MicroKernel#tile} streams through.
 *
 * <p>Operands are described by strides, which is how one GEMM serves all three forms: element (i, p) of A is
 * {@code a[off + i*rowStride + p*colStride]}, so a transposed operand is just swapped strides. The unused lanes
 * of a partial panel are left as they are: they only feed tile entries the GEMM driver discards.
 */
final class Packing {

    private Packing() {
    }

    /** Packs A[mc, kc] into panels of MR rows: {@code dst[ir*kc + p*MR + r]} = A(ir + r, p). */
    static void packA(float[] a, int off, int rowStride, int colStride, int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int panel = ir * kc;
            int src = off + ir * rowStride;
            if (colStride == 1) { // rows of A are contiguous: read along them
                for (int r = 0; r < rows; r++) {
                    int s = src + r * rowStride;
                    for (int p = 0; p < kc; p++) {
                        dst[panel + p * MR + r] = a[s + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * colStride;
                    int d = panel + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[s + r * rowStride];
                    }
                }
            }
        }
    }

    /** Packs B[kc, nc] into panels of NR columns: {@code dst[jr*kc + p*NR + j]} = B(p, jr + j). */
    static void packB(float[] b, int off, int rowStride, int colStride, int kc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int panel = jr * kc;
            int src = off + jr * colStride;
            if (colStride == 1) { // rows of B are contiguous: copy row segments
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, src + p * rowStride, dst, panel + p * NR, cols);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int s = src + j * colStride;
                    for (int p = 0; p < kc; p++) {
                        dst[panel + p * NR + j] = b[s + p * rowStride];
                    }
                }
            }
        }
    }
}
