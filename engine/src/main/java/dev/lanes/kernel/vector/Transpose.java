package dev.lanes.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 x 16 block transposed in registers, for packing operands whose panel runs across their rows (row-major A,
 * transposed B). Four butterfly stages of two-vector permutes (each swaps one bit of the row index with one bit of
 * the lane index) replace the 16-lane gathers packing used before: 0.20 against 0.52 ns per element on the Zen 4
 * machines (a 96 x 256 block of a row-major 512 x 512 A, both in one JVM).
 *
 * <p>Only for 16-lane vectors ({@link #AVAILABLE}); elsewhere packing gathers. One flat method on purpose: vectors
 * passed between methods were seen boxed by C2.
 */
final class Transpose {

    private static final VectorSpecies<Float> S = MicroKernel.S;
    /** Lanes per block side. */
    static final int N = 16;
    /** Whether this machine's vectors have {@link #N} lanes. */
    static final boolean AVAILABLE = MicroKernel.L == N;
    /**
     * Permute indices per stage k: {@code LOW} (lanes with bit k clear keep their own value, the others take the
     * partner's lane with bit k cleared) and {@code HIGH} (the mirror image); indices 16-31 select the partner.
     */
    private static final float[] INDICES = new float[8 * N];
    /** The first {@link MicroKernel#MR} lanes: the last column of a block packed into an A panel. */
    private static final VectorMask<Float> PANEL_ROWS = VectorMask.fromLong(S, (1L << MicroKernel.MR) - 1);

    static {
        for (int k = 0; k < 4; k++) {
            int bit = 1 << k;
            for (int c = 0; c < N; c++) {
                INDICES[2 * k * N + c] = (c & bit) == 0 ? c : N + (c & ~bit);
                INDICES[(2 * k + 1) * N + c] = (c & bit) == 0 ? (c | bit) : N + c;
            }
        }
    }

    private Transpose() {
    }

    /**
     * Writes column c (0..15) of the block {@code src[s + r*rs + c]}, rows r below {@code rows} (1..16), to
     * {@code dst[d + c*ds + r]}. Lanes at and past {@code rows} hold copies of other data: with ds < 16 each column
     * overlaps the next one's start, which the next store overwrites, and the last column is stored to ds lanes only,
     * so nothing at or past {@code d + 16*ds} is touched; ds must then be {@link MicroKernel#MR}.
     */
    static void block(float[] src, int s, int rs, int rows, float[] dst, int d, int ds) {
        int last = rows - 1; // rows past the block read its last row again: no loads out of bounds
        FloatVector r0 = FloatVector.fromArray(S, src, s);
        FloatVector r1 = FloatVector.fromArray(S, src, s + Math.min(1, last) * rs);
        FloatVector r2 = FloatVector.fromArray(S, src, s + Math.min(2, last) * rs);
        FloatVector r3 = FloatVector.fromArray(S, src, s + Math.min(3, last) * rs);
        FloatVector r4 = FloatVector.fromArray(S, src, s + Math.min(4, last) * rs);
        FloatVector r5 = FloatVector.fromArray(S, src, s + Math.min(5, last) * rs);
        FloatVector r6 = FloatVector.fromArray(S, src, s + Math.min(6, last) * rs);
        FloatVector r7 = FloatVector.fromArray(S, src, s + Math.min(7, last) * rs);
        FloatVector r8 = FloatVector.fromArray(S, src, s + Math.min(8, last) * rs);
        FloatVector r9 = FloatVector.fromArray(S, src, s + Math.min(9, last) * rs);
        FloatVector r10 = FloatVector.fromArray(S, src, s + Math.min(10, last) * rs);
        FloatVector r11 = FloatVector.fromArray(S, src, s + Math.min(11, last) * rs);
        FloatVector r12 = FloatVector.fromArray(S, src, s + Math.min(12, last) * rs);
        FloatVector r13 = FloatVector.fromArray(S, src, s + Math.min(13, last) * rs);
        FloatVector r14 = FloatVector.fromArray(S, src, s + Math.min(14, last) * rs);
        FloatVector r15 = FloatVector.fromArray(S, src, s + Math.min(15, last) * rs);
        FloatVector t;
        // stage 0: row bit 0 <-> lane bit 0 (rows r, r + 1)
        FloatVector low = FloatVector.fromArray(S, INDICES, 0);
        FloatVector high = FloatVector.fromArray(S, INDICES, N);
        t = low.selectFrom(r0, r1); r1 = high.selectFrom(r0, r1); r0 = t;
        t = low.selectFrom(r2, r3); r3 = high.selectFrom(r2, r3); r2 = t;
        t = low.selectFrom(r4, r5); r5 = high.selectFrom(r4, r5); r4 = t;
        t = low.selectFrom(r6, r7); r7 = high.selectFrom(r6, r7); r6 = t;
        t = low.selectFrom(r8, r9); r9 = high.selectFrom(r8, r9); r8 = t;
        t = low.selectFrom(r10, r11); r11 = high.selectFrom(r10, r11); r10 = t;
        t = low.selectFrom(r12, r13); r13 = high.selectFrom(r12, r13); r12 = t;
        t = low.selectFrom(r14, r15); r15 = high.selectFrom(r14, r15); r14 = t;
        // stage 1: rows r, r + 2
        low = FloatVector.fromArray(S, INDICES, 2 * N);
        high = FloatVector.fromArray(S, INDICES, 3 * N);
        t = low.selectFrom(r0, r2); r2 = high.selectFrom(r0, r2); r0 = t;
        t = low.selectFrom(r1, r3); r3 = high.selectFrom(r1, r3); r1 = t;
        t = low.selectFrom(r4, r6); r6 = high.selectFrom(r4, r6); r4 = t;
        t = low.selectFrom(r5, r7); r7 = high.selectFrom(r5, r7); r5 = t;
        t = low.selectFrom(r8, r10); r10 = high.selectFrom(r8, r10); r8 = t;
        t = low.selectFrom(r9, r11); r11 = high.selectFrom(r9, r11); r9 = t;
        t = low.selectFrom(r12, r14); r14 = high.selectFrom(r12, r14); r12 = t;
        t = low.selectFrom(r13, r15); r15 = high.selectFrom(r13, r15); r13 = t;
        // stage 2: rows r, r + 4
        low = FloatVector.fromArray(S, INDICES, 4 * N);
        high = FloatVector.fromArray(S, INDICES, 5 * N);
        t = low.selectFrom(r0, r4); r4 = high.selectFrom(r0, r4); r0 = t;
        t = low.selectFrom(r1, r5); r5 = high.selectFrom(r1, r5); r1 = t;
        t = low.selectFrom(r2, r6); r6 = high.selectFrom(r2, r6); r2 = t;
        t = low.selectFrom(r3, r7); r7 = high.selectFrom(r3, r7); r3 = t;
        t = low.selectFrom(r8, r12); r12 = high.selectFrom(r8, r12); r8 = t;
        t = low.selectFrom(r9, r13); r13 = high.selectFrom(r9, r13); r9 = t;
        t = low.selectFrom(r10, r14); r14 = high.selectFrom(r10, r14); r10 = t;
        t = low.selectFrom(r11, r15); r15 = high.selectFrom(r11, r15); r11 = t;
        // stage 3: rows r, r + 8
        low = FloatVector.fromArray(S, INDICES, 6 * N);
        high = FloatVector.fromArray(S, INDICES, 7 * N);
        t = low.selectFrom(r0, r8); r8 = high.selectFrom(r0, r8); r0 = t;
        t = low.selectFrom(r1, r9); r9 = high.selectFrom(r1, r9); r1 = t;
        t = low.selectFrom(r2, r10); r10 = high.selectFrom(r2, r10); r2 = t;
        t = low.selectFrom(r3, r11); r11 = high.selectFrom(r3, r11); r3 = t;
        t = low.selectFrom(r4, r12); r12 = high.selectFrom(r4, r12); r4 = t;
        t = low.selectFrom(r5, r13); r13 = high.selectFrom(r5, r13); r5 = t;
        t = low.selectFrom(r6, r14); r14 = high.selectFrom(r6, r14); r6 = t;
        t = low.selectFrom(r7, r15); r15 = high.selectFrom(r7, r15); r7 = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + ds);
        r2.intoArray(dst, d + 2 * ds);
        r3.intoArray(dst, d + 3 * ds);
        r4.intoArray(dst, d + 4 * ds);
        r5.intoArray(dst, d + 5 * ds);
        r6.intoArray(dst, d + 6 * ds);
        r7.intoArray(dst, d + 7 * ds);
        r8.intoArray(dst, d + 8 * ds);
        r9.intoArray(dst, d + 9 * ds);
        r10.intoArray(dst, d + 10 * ds);
        r11.intoArray(dst, d + 11 * ds);
        r12.intoArray(dst, d + 12 * ds);
        r13.intoArray(dst, d + 13 * ds);
        r14.intoArray(dst, d + 14 * ds);
        if (ds >= N) {
            r15.intoArray(dst, d + 15 * ds);
        } else {
            r15.intoArray(dst, d + 15 * ds, PANEL_ROWS);
        }
    }
}
