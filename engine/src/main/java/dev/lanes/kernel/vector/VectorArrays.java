package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import dev.lanes.kernel.ScalarKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/** Vector loops over array ranges: guard, vector body, scalar tail. */
final class VectorArrays {

    /** Shuffles pairing lane i with lane i ^ d, for d = L/2, L/4, ..., 1. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorArrays() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int d = L >> (s + 1);
            shuffles[s] = VectorShuffle.fromOp(S, i -> i ^ d);
        }
        return shuffles;
    }

    /**
     * The sum of v's lanes in a fixed pairwise order. {@code reduceLanes(ADD)} may add in one order when compiled
     * and another when interpreted, so the same input could give results differing in the last bit from call to
     * call; lane-wise adds and shuffles are exact, so this gives the same bits in every tier.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }

    /** dst[dOff + i] += src[sOff + i] for i in [0, n). */
    static void addInto(float[] src, int sOff, float[] dst, int dOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, sOff + i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) { // scalar tail
            dst[dOff + i] += src[sOff + i];
        }
    }

    /** Rows {@link #addRowSums} adds per pass over the columns: as many row streams as it keeps open at once. */
    private static final int ROWS_PER_PASS = 8;

    /**
     * dst[j] += Σ_r x[off + r*cols + j] for j in [0, cols), the rows added in order (the same bits as adding row by
     * row). A column's running sum stays in a register across 8 rows, so dst is read and written once per 8 rows,
     * not once per row: dZ and the bias gradient of a 128x512 layer took 12 against 15 µs, of a 32x128 one 0.68 against
     * 0.97 (with VectorKernel.GRADIENT_CHUNK 8192 against 512).
     */
    static void addRowSums(float[] x, int off, int rows, int cols, float[] dst) {
        int bound = S.loopBound(cols);
        for (int r0 = 0; r0 < rows; r0 += ROWS_PER_PASS) {
            int group = Math.min(ROWS_PER_PASS, rows - r0);
            int start = off + r0 * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector sum = FloatVector.fromArray(S, dst, j);
                for (int r = 0, at = start + j; r < group; r++, at += cols) {
                    sum = sum.add(FloatVector.fromArray(S, x, at));
                }
                sum.intoArray(dst, j);
            }
            for (; j < cols; j++) { // scalar tail
                float sum = dst[j];
                for (int r = 0, at = start + j; r < group; r++, at += cols) {
                    sum += x[at];
                }
                dst[j] = sum;
            }
        }
    }

    /** y[i] += alpha · x[i] for i in [0, n). */
    static void axpy(float alpha, float[] x, float[] y, int n) {
        axpy(alpha, x, 0, y, 0, n);
    }

    /** y[yOff + i] += alpha · x[xOff + i] for i in [0, n). */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(a, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) { // scalar tail
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** Floats checked per block of {@link #finitePrefix}: 16 KiB, so a bad value is found within one L1's worth. */
    private static final int FINITE_BLOCK = 4096;

    /**
     * A length m such that x[0, m) is known finite, checked a block at a time with x·0 summed per lane (0 for a
     * finite x, NaN for NaN or ±∞, and a NaN stays): two vector ops per L floats instead of a branch per float.
     * The scalar loop takes over from m; m = n when every full vector block is finite.
     */
    static int finitePrefix(float[] x, int n) {
        int bound = S.loopBound(n);
        int done = 0;
        while (done < bound) {
            int end = Math.min(bound, done + FINITE_BLOCK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = done; i < end; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, i).mul(0f));
            }
            if (!acc.eq(0f).allTrue()) {
                return done; // a NaN or infinity in [done, end): the caller's scalar scan finds which
            }
            done = end;
        }
        return done;
    }

    /**
     * Σ x[i] for i in [0, n): blocks of {@link ScalarKernel#SUM_BLOCK} added in two vector accumulators (to hide the
     * add latency), the block sums in double.
     */
    static float sum(float[] x, int n) {
        double total = 0;
        for (int from = 0; from < n; from += ScalarKernel.SUM_BLOCK) {
            total += blockSum(x, from, Math.min(n, from + ScalarKernel.SUM_BLOCK));
        }
        return (float) total;
    }

    private static float blockSum(float[] x, int from, int to) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = from;
        int bound2 = to - (to - from) % (2 * L);
        for (; i < bound2; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, i));
            acc1 = acc1.add(FloatVector.fromArray(S, x, i + L));
        }
        if (i + L <= to) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, i));
            i += L;
        }
        float total = sumLanes(acc0.add(acc1));
        for (; i < to; i++) { // scalar tail
            total += x[i];
        }
        return total;
    }

    /**
     * Stores the first {@code width} lanes of {@code v} at {@code to[at]}: straight from the vector while a whole
     * vector fits inside the {@code size} elements being written (the extra lanes land on later rows, which are
     * written afterwards), else through {@code scratch}. Rows must be stored in order. Saves a copy call per row.
     */
    static void storeRow(FloatVector v, float[] to, int at, int width, int size, float[] scratch) {
        if (at + L <= size) {
            v.intoArray(to, at);
            return;
        }
        v.intoArray(scratch, 0);
        for (int j = 0; j < width; j++) {
            to[at + j] = scratch[j];
        }
    }
}
