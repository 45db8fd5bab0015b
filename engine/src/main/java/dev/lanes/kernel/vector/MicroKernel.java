package dev.lanes.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM tile: C[MR, NR] (+)= Apanel[kc, MR] · Bpanel[kc, NR] over packed panels, NR = 2 vectors.
 *
 * <p>Two shapes, chosen once by vector width. With 16-lane vectors (AVX-512, 32 vector registers): 12 rows, 24
 * accumulators, K unrolled by two — 168 GFLOP/s in L1 against 122 for 6 rows unrolled once (the FMA peak here
 * is 214; fewer FMAs per trip left the loop's own instructions and loads in the way). With narrower vectors
 * (AVX2 and NEON-sized, 16 registers on AVX2): 6 rows, 12 accumulators, which fit. Each is a flat static method on
 * purpose: vectors passed through helpers were seen boxed by C2 (10-20x slower, megabytes allocated per call);
 * allocation per call is measured, and zero, in GemmBenchmark -prof gc.
 */
final class MicroKernel {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Tile rows: 12 with 32 vector registers (16-lane vectors), else 6. */
    static final int MR = L >= 16 ? 12 : 6;
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
        if (MR == 12) {
            tile12(ap, aOff, bp, bOff, kc, c, cOff, ldc, overwrite);
        } else {
            tile6(ap, aOff, bp, bOff, kc, c, cOff, ldc, overwrite);
        }
    }

    /** The 6 x NR tile: 12 accumulators, 2 loads and 6 broadcasts per 12 FMAs. */
    private static void tile6(float[] ap, int aOff, float[] bp, int bOff, int kc,
                              float[] c, int cOff, int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * 6;
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

    /**
     * The 12 x NR tile: 24 accumulators, K unrolled by two, then one more step when kc is odd. The step is written
     * out three times on purpose: padding the packed panels to an even depth instead (no odd step) measured 3-7 %
     * slower, and vectors cannot go through a helper method without being boxed.
     */
    private static void tile12(float[] ap, int aOff, float[] bp, int bOff, int kc,
                               float[] c, int cOff, int ldc, boolean overwrite) {
        FloatVector c000 = FloatVector.zero(S);
        FloatVector c001 = c000, c010 = c000, c011 = c000, c020 = c000, c021 = c000, c030 = c000, c031 = c000;
        FloatVector c040 = c000, c041 = c000, c050 = c000, c051 = c000, c060 = c000, c061 = c000, c070 = c000;
        FloatVector c071 = c000, c080 = c000, c081 = c000, c090 = c000, c091 = c000, c100 = c000, c101 = c000;
        FloatVector c110 = c000, c111 = c000;
        FloatVector a;
        FloatVector b0;
        FloatVector b1;
        int bi;
        int ai;
        int p = 0;
        for (; p + 1 < kc; p += 2) { // two K steps per trip: C2 does not unroll this loop itself
            bi = bOff + p * NR;
            ai = aOff + p * 12;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai]);
            c000 = a.fma(b0, c000);
            c001 = a.fma(b1, c001);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c010 = a.fma(b0, c010);
            c011 = a.fma(b1, c011);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c020 = a.fma(b0, c020);
            c021 = a.fma(b1, c021);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c030 = a.fma(b0, c030);
            c031 = a.fma(b1, c031);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c040 = a.fma(b0, c040);
            c041 = a.fma(b1, c041);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c050 = a.fma(b0, c050);
            c051 = a.fma(b1, c051);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c060 = a.fma(b0, c060);
            c061 = a.fma(b1, c061);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c070 = a.fma(b0, c070);
            c071 = a.fma(b1, c071);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c080 = a.fma(b0, c080);
            c081 = a.fma(b1, c081);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c090 = a.fma(b0, c090);
            c091 = a.fma(b1, c091);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
            bi = bOff + (p + 1) * NR;
            ai = aOff + (p + 1) * 12;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai]);
            c000 = a.fma(b0, c000);
            c001 = a.fma(b1, c001);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c010 = a.fma(b0, c010);
            c011 = a.fma(b1, c011);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c020 = a.fma(b0, c020);
            c021 = a.fma(b1, c021);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c030 = a.fma(b0, c030);
            c031 = a.fma(b1, c031);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c040 = a.fma(b0, c040);
            c041 = a.fma(b1, c041);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c050 = a.fma(b0, c050);
            c051 = a.fma(b1, c051);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c060 = a.fma(b0, c060);
            c061 = a.fma(b1, c061);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c070 = a.fma(b0, c070);
            c071 = a.fma(b1, c071);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c080 = a.fma(b0, c080);
            c081 = a.fma(b1, c081);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c090 = a.fma(b0, c090);
            c091 = a.fma(b1, c091);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        if (p < kc) {
            bi = bOff + p * NR;
            ai = aOff + p * 12;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai]);
            c000 = a.fma(b0, c000);
            c001 = a.fma(b1, c001);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c010 = a.fma(b0, c010);
            c011 = a.fma(b1, c011);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c020 = a.fma(b0, c020);
            c021 = a.fma(b1, c021);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c030 = a.fma(b0, c030);
            c031 = a.fma(b1, c031);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c040 = a.fma(b0, c040);
            c041 = a.fma(b1, c041);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c050 = a.fma(b0, c050);
            c051 = a.fma(b1, c051);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c060 = a.fma(b0, c060);
            c061 = a.fma(b1, c061);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c070 = a.fma(b0, c070);
            c071 = a.fma(b1, c071);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c080 = a.fma(b0, c080);
            c081 = a.fma(b1, c081);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c090 = a.fma(b0, c090);
            c091 = a.fma(b1, c091);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        if (!overwrite) {
            c000 = c000.add(FloatVector.fromArray(S, c, cOff));
            c001 = c001.add(FloatVector.fromArray(S, c, cOff + L));
            c010 = c010.add(FloatVector.fromArray(S, c, cOff + ldc));
            c011 = c011.add(FloatVector.fromArray(S, c, cOff + ldc + L));
            c020 = c020.add(FloatVector.fromArray(S, c, cOff + 2 * ldc));
            c021 = c021.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L));
            c030 = c030.add(FloatVector.fromArray(S, c, cOff + 3 * ldc));
            c031 = c031.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L));
            c040 = c040.add(FloatVector.fromArray(S, c, cOff + 4 * ldc));
            c041 = c041.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + L));
            c050 = c050.add(FloatVector.fromArray(S, c, cOff + 5 * ldc));
            c051 = c051.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + L));
            c060 = c060.add(FloatVector.fromArray(S, c, cOff + 6 * ldc));
            c061 = c061.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + L));
            c070 = c070.add(FloatVector.fromArray(S, c, cOff + 7 * ldc));
            c071 = c071.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + L));
            c080 = c080.add(FloatVector.fromArray(S, c, cOff + 8 * ldc));
            c081 = c081.add(FloatVector.fromArray(S, c, cOff + 8 * ldc + L));
            c090 = c090.add(FloatVector.fromArray(S, c, cOff + 9 * ldc));
            c091 = c091.add(FloatVector.fromArray(S, c, cOff + 9 * ldc + L));
            c100 = c100.add(FloatVector.fromArray(S, c, cOff + 10 * ldc));
            c101 = c101.add(FloatVector.fromArray(S, c, cOff + 10 * ldc + L));
            c110 = c110.add(FloatVector.fromArray(S, c, cOff + 11 * ldc));
            c111 = c111.add(FloatVector.fromArray(S, c, cOff + 11 * ldc + L));
        }
        c000.intoArray(c, cOff);
        c001.intoArray(c, cOff + L);
        c010.intoArray(c, cOff + ldc);
        c011.intoArray(c, cOff + ldc + L);
        c020.intoArray(c, cOff + 2 * ldc);
        c021.intoArray(c, cOff + 2 * ldc + L);
        c030.intoArray(c, cOff + 3 * ldc);
        c031.intoArray(c, cOff + 3 * ldc + L);
        c040.intoArray(c, cOff + 4 * ldc);
        c041.intoArray(c, cOff + 4 * ldc + L);
        c050.intoArray(c, cOff + 5 * ldc);
        c051.intoArray(c, cOff + 5 * ldc + L);
        c060.intoArray(c, cOff + 6 * ldc);
        c061.intoArray(c, cOff + 6 * ldc + L);
        c070.intoArray(c, cOff + 7 * ldc);
        c071.intoArray(c, cOff + 7 * ldc + L);
        c080.intoArray(c, cOff + 8 * ldc);
        c081.intoArray(c, cOff + 8 * ldc + L);
        c090.intoArray(c, cOff + 9 * ldc);
        c091.intoArray(c, cOff + 9 * ldc + L);
        c100.intoArray(c, cOff + 10 * ldc);
        c101.intoArray(c, cOff + 10 * ldc + L);
        c110.intoArray(c, cOff + 11 * ldc);
        c111.intoArray(c, cOff + 11 * ldc + L);
    }

    /** Most rows {@link #tileRows} computes in one call. */
    static final int EDGE_ROWS = 4;
    /**
     * Bottom-edge tiles of at most this many rows run as {@link #tileRows} calls (each reads 4 rows of the panel,
     * which must lie inside its MR rows); taller ones as a whole tile into scratch.
     */
    static final int MAX_EDGE_ROWS = MR >= 2 * EDGE_ROWS ? 2 * EDGE_ROWS : EDGE_ROWS;

    /**
     * The first {@code rows} (1 to 4) rows of a tile whose A panel is a full MR-row panel, for the bottom edge of C
     * (256 rows = 21 full 12-row tiles and 4 rows): 8 accumulators instead of a whole 12-row tile into scratch, of
     * which two thirds would be thrown away. Only rows below {@code rows} are stored.
     */
    static void tileRows(float[] ap, int aOff, float[] bp, int bOff, int kc,
                         float[] c, int cOff, int ldc, boolean overwrite, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
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
        }
        if (!overwrite) {
            c00 = c00.add(FloatVector.fromArray(S, c, cOff));
            c01 = c01.add(FloatVector.fromArray(S, c, cOff + L));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        if (rows > 1) {
            int r = cOff + ldc;
            if (!overwrite) {
                c10 = c10.add(FloatVector.fromArray(S, c, r));
                c11 = c11.add(FloatVector.fromArray(S, c, r + L));
            }
            c10.intoArray(c, r);
            c11.intoArray(c, r + L);
        }
        if (rows > 2) {
            int r = cOff + 2 * ldc;
            if (!overwrite) {
                c20 = c20.add(FloatVector.fromArray(S, c, r));
                c21 = c21.add(FloatVector.fromArray(S, c, r + L));
            }
            c20.intoArray(c, r);
            c21.intoArray(c, r + L);
        }
        if (rows > 3) {
            int r = cOff + 3 * ldc;
            if (!overwrite) {
                c30 = c30.add(FloatVector.fromArray(S, c, r));
                c31 = c31.add(FloatVector.fromArray(S, c, r + L));
            }
            c30.intoArray(c, r);
            c31.intoArray(c, r + L);
        }
    }
}
