package dev.lanes.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM tile: C[MR, NR] (+)= Apanel[kc, MR] · Bpanel[kc, NR] over packed panels.
 *
 * <p>MR = 6 rows by NR = 2 vectors: 12 accumulators, 2 loads and 6 broadcasts per 12 FMAs. Kept a small static
 * method on purpose: with 16 accumulators, or vectors passed through helpers, C2 was seen to keep vectors as heap
 * objects (10-20x slower, megabytes allocated per call).
 */
final class MicroKernel {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Tile rows. */
    static final int MR = 6;
    /** Tile columns: two vectors. */
    static final int NR = 2 * L;

    private MicroKernel() {
    }

    /**
     * Computes one full tile. {@code ap[aOff + p*MR + r]} is A(r, p); {@code bp[bOff + p*NR + j]} is B(p, j).
     * With {@code overwrite} the tile is stored into C, otherwise added to it.
     */
    static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc,
                     float[] c, int cOff, int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        if (!overwrite) {
            c00 = c00.add(FloatVector.fromArray(S, c, cOff));
            c01 = c01.add(FloatVector.fromArray(S, c, cOff + L));
            c10 = c10.add(FloatVector.fromArray(S, c, cOff + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, cOff + ldc + L));
            c20 = c20.add(FloatVector.fromArray(S, c, cOff + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L));
            c30 = c30.add(FloatVector.fromArray(S, c, cOff + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L));
            c40 = c40.add(FloatVector.fromArray(S, c, cOff + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + L));
            c50 = c50.add(FloatVector.fromArray(S, c, cOff + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + L));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
    }
}
