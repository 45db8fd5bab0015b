package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.MR;
import static dev.lanes.kernel.vector.MicroKernel.NR;
import static dev.lanes.kernel.vector.MicroKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

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

    /**
     * Packs A[mc, kc] into panels of MR rows: {@code dst[ir*depth + (lead+p)*MR + r]} = A(ir + r, p), where
     * depth = lead + kc. With {@code onesRow} (lead = 1) each panel starts with a row of ones, which multiplies the
     * bias row {@link #packB} puts first: the GEMM then adds the bias in its inner loop, in the scalar order.
     * {@code gatherOffsets} is scratch of MR * L ints.
     *
     * <p>A full panel of a row-major A is packed 16 columns at a time through {@link Transpose} (16-lane gathers
     * took 0.52 ns per element on Zen 4, the in-register transpose 0.20); one of a column-major A (Aᵀ·B) is 12
     * contiguous floats per column, copied as 8 + 4 (0.14 ns). Other strides, and 8-lane machines, gather L columns
     * at a time (element by element was 12 % of a 512³ product on the first machines, gathered 4 %).
     */
    static void packA(float[] a, int off, int rowStride, int colStride, int mc, int kc, boolean onesRow,
                      float[] dst, int[] gatherOffsets) {
        int lead = onesRow ? 1 : 0;
        int depth = lead + kc;
        int vectorCols = kc - kc % L;
        if (vectorCols > 0 && mc >= MR) {
            for (int q = 0; q < MR * L; q++) { // packed element q of an L-column strip is A(q % MR, q / MR)
                gatherOffsets[q] = (q % MR) * rowStride + (q / MR) * colStride;
            }
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int panel = ir * depth;
            if (onesRow) {
                Arrays.fill(dst, panel, panel + MR, 1f);
            }
            int body = panel + lead * MR;
            int src = off + ir * rowStride;
            int p = 0;
            if (rows == MR && colStride == 1 && Transpose.AVAILABLE) { // rows of A contiguous: 16 x 16 blocks
                for (; p < vectorCols; p += L) {
                    Transpose.block(a, src + p, rowStride, MR, dst, body + p * MR, MR);
                }
            } else if (rows == MR && rowStride == 1 && MR == 12) { // columns contiguous: copy 8 + 4 floats
                for (; p < kc; p++) {
                    int s = src + p * colStride;
                    int d = body + p * MR;
                    FloatVector.fromArray(FloatVector.SPECIES_256, a, s).intoArray(dst, d);
                    FloatVector.fromArray(FloatVector.SPECIES_128, a, s + 8).intoArray(dst, d + 8);
                }
            } else if (rows == MR) {
                for (; p < vectorCols; p += L) {
                    int s = src + p * colStride;
                    int d = body + p * MR;
                    for (int v = 0; v < MR; v++) {
                        FloatVector.fromArray(S, a, s, gatherOffsets, v * L).intoArray(dst, d + v * L);
                    }
                }
            }
            for (; p < kc; p++) {
                int s = src + p * colStride;
                int d = body + p * MR;
                for (int r = 0; r < rows; r++) {
                    dst[d + r] = a[s + r * rowStride];
                }
            }
        }
    }

    /**
     * Packs B[kc, nc] into panels of NR columns: {@code dst[dstOff + jr*depth + (lead+p)*NR + j]} = B(p, jr + j), where
     * depth = lead + kc; with a non-null {@code bias} (lead = 1) each panel starts with bias[biasOff + jr + j].
     * {@code columnOffsets} is scratch of NR ints for the gather indices of a transposed B.
     */
    static void packB(float[] b, int off, int rowStride, int colStride, int kc, int nc, float[] bias, int biasOff,
                      float[] dst, int dstOff, int[] columnOffsets) {
        int lead = bias == null ? 0 : 1;
        int depth = lead + kc;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int panel = dstOff + jr * depth;
            if (bias != null) {
                System.arraycopy(bias, biasOff + jr, dst, panel, cols);
            }
            int body = panel + lead * NR;
            int src = off + jr * colStride;
            if (colStride == 1 && cols == NR) { // rows of B are contiguous: two vector copies per packed row
                for (int p = 0; p < kc; p++) {
                    int s = src + p * rowStride;
                    int d = body + p * NR;
                    FloatVector.fromArray(S, b, s).intoArray(dst, d);
                    FloatVector.fromArray(S, b, s + L).intoArray(dst, d + L);
                }
            } else if (colStride == 1) { // partial panel: copy row segments
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, src + p * rowStride, dst, body + p * NR, cols);
                }
            } else if (cols == NR && rowStride == 1 && Transpose.AVAILABLE) { // columns of B contiguous
                int p = 0;
                for (; p + L <= kc; p += L) {
                    for (int v = 0; v < NR; v += L) {
                        Transpose.block(b, src + v * colStride + p, colStride, L, dst, body + p * NR + v, NR);
                    }
                }
                for (; p < kc; p++) {
                    for (int j = 0; j < NR; j++) {
                        dst[body + p * NR + j] = b[src + p + j * colStride];
                    }
                }
            } else if (cols == NR) { // transposed B, full panel: one gather per vector of a packed row
                for (int j = 0; j < NR; j++) {
                    columnOffsets[j] = j * colStride;
                }
                for (int v = 0; v < NR; v += L) { // one half-panel (L source rows) at a time: fewer streams
                    for (int p = 0; p < kc; p++) {
                        FloatVector.fromArray(S, b, src + p * rowStride, columnOffsets, v)
                                .intoArray(dst, body + p * NR + v);
                    }
                }
            } else { // transposed B, partial panel
                for (int p = 0; p < kc; p++) {
                    int s = src + p * rowStride;
                    int d = body + p * NR;
                    for (int j = 0; j < cols; j++) {
                        dst[d + j] = b[s + j * colStride];
                    }
                }
            }
        }
    }
}
