package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The three GEMM forms, vector against scalar, on awkward sizes, past every cache block, and across threads; and
 * their offset overloads against a double reference, the operands placed inside larger arrays.
 */
class GemmProperties extends KernelPropertyBase {

    static void check(GemmForm form, int m, int k, int n, boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c0 = random(rnd, m * n);
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        form.run(SCALAR, a, b, expected, m, k, n, accumulate);
        form.run(VECTOR, a, b, actual, m, k, n, accumulate);
        float[] magnitude = accumulate ? abs(c0) : new float[m * n];
        form.run(SCALAR, abs(a), abs(b), magnitude, m, k, n, true);
        assertClose(form.method + " " + m + "x" + k + "x" + n + (accumulate ? " accumulate" : ""), expected, actual,
                sumTolerance(magnitude, k + 1, 0));
    }

    // Overloaded Kernel methods are named with their parameter count (KernelCoverageTest): 7 without offsets.

    @Property(tries = 40)
    @Checks("matmul(7)")
    void matmul(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n, @ForAll boolean accumulate,
                @ForAll long seed) {
        check(GemmForm.MATMUL, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmulTransB(7)")
    void matmulTransB(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n, @ForAll boolean accumulate,
                      @ForAll long seed) {
        check(GemmForm.TRANS_B, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmulTransA(7)")
    void matmulTransA(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n, @ForAll boolean accumulate,
                      @ForAll long seed) {
        check(GemmForm.TRANS_A, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmul(10)")
    void matmulWithOffsets(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n,
                           @ForAll boolean accumulate, @ForAll long seed) {
        GemmOffsets.check(GemmForm.MATMUL, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmulTransB(10)")
    void matmulTransBWithOffsets(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n,
                                 @ForAll boolean accumulate, @ForAll long seed) {
        GemmOffsets.check(GemmForm.TRANS_B, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmulTransA(10)")
    void matmulTransAWithOffsets(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n,
                                 @ForAll boolean accumulate, @ForAll long seed) {
        GemmOffsets.check(GemmForm.TRANS_A, m, k, n, accumulate, seed);
    }

    /**
     * Every small-product path at offsets: the vector kernel's hand-off to the scalar loops (fewer than 64
     * multiply-adds), the scalar kernel's written-out widths 1-4 (long columns and long K), its flat pass (5-7) and
     * row loops, and empty products; the larger of these sizes reach the vector GEMM.
     */
    @Example
    void smallProductsWithOffsets() {
        int[] rowsAndDepths = {0, 1, 2, 3, 10, 17};
        long seed = 0;
        for (int n = 0; n <= 9; n++) {
            for (int m : rowsAndDepths) {
                for (int k : rowsAndDepths) {
                    for (GemmForm form : GemmForm.values()) {
                        GemmOffsets.check(form, m, k, n, seed % 2 == 0, seed++);
                    }
                }
            }
        }
    }

    /**
     * Every number of rows left over below the last full tile (0 to 11 for 12-row tiles, 0 to 5 for 6-row ones),
     * under full-width and ragged column panels: the bottom-edge paths (4-row calls, scratch tile) each get hit,
     * with and without offsets.
     */
    @Example
    void everyBottomEdgeHeight() {
        for (int m = 1; m <= 25; m++) {
            check(GemmForm.MATMUL, m, 37, 69, m % 2 == 0, m);
            check(GemmForm.TRANS_B, m, 37, 64, m % 2 == 1, 100 + m);
            check(GemmForm.TRANS_A, m, 37, 69, m % 2 == 0, 200 + m);
            GemmOffsets.check(GemmForm.MATMUL, m, 37, 69, m % 2 == 1, 300 + m);
            GemmOffsets.check(GemmForm.TRANS_B, m, 37, 64, m % 2 == 0, 400 + m);
            GemmOffsets.check(GemmForm.TRANS_A, m, 37, 69, m % 2 == 1, 500 + m);
        }
    }

    /**
     * Past the cache blocks (MC = 96 rows, K blocks of at most KC = 512, NC = 1024 columns), with ragged remainders:
     * 1101 deep is three K blocks of 367.
     */
    @Example
    void everyFormAcrossCacheBlocks() {
        check(GemmForm.MATMUL, 197, 1101, 1041, true, 1);
        check(GemmForm.TRANS_B, 197, 1101, 1041, false, 2);
        check(GemmForm.TRANS_A, 197, 1101, 1041, true, 3);
    }

    /** The same blocks at offsets (smaller: the reference is summed in double): 2 row blocks, 2 K blocks, 2 NC. */
    @Example
    void everyFormAcrossCacheBlocksWithOffsets() {
        GemmOffsets.check(GemmForm.MATMUL, 101, 517, 1031, true, 11);
        GemmOffsets.check(GemmForm.TRANS_B, 101, 517, 1031, false, 12);
        GemmOffsets.check(GemmForm.TRANS_A, 101, 517, 1031, true, 13);
    }

    /** Split by columns (n >= m) and by rows (m > n) over more threads than cores, ragged last slab. */
    @Example
    void everyFormAcrossThreads() {
        int before = Kernels.threads();
        Kernels.setThreads(3);
        try {
            // each above Gemm.PARALLEL_MIN_MACS (8.4M multiply-adds)
            check(GemmForm.MATMUL, 129, 257, 257, false, 4);
            check(GemmForm.TRANS_B, 8209, 33, 33, true, 5);
            check(GemmForm.TRANS_A, 257, 259, 129, false, 6);
            GemmOffsets.check(GemmForm.MATMUL, 129, 257, 257, true, 14);
            GemmOffsets.check(GemmForm.TRANS_B, 8209, 33, 33, false, 15);
            GemmOffsets.check(GemmForm.TRANS_A, 257, 259, 129, true, 16);
        } finally {
            Kernels.setThreads(before);
        }
    }

    /** Several user threads sharing the pool: each gets exactly the one-thread result (the split changes no sum). */
    @Example
    void concurrentCallersGetTheSingleThreadResult() throws InterruptedException {
        int m = 129, k = 257, n = 257; // 8.5M multiply-adds: above the parallel threshold
        Random rnd = new Random(7);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        int before = Kernels.threads();
        try {
            Kernels.setThreads(1);
            float[] expected = new float[m * n];
            VECTOR.matmul(a, b, expected, m, k, n, false);
            Kernels.setThreads(3);
            AtomicInteger mismatches = new AtomicInteger();
            Thread[] callers = new Thread[3];
            for (int t = 0; t < callers.length; t++) {
                callers[t] = new Thread(() -> {
                    float[] c = new float[m * n];
                    for (int i = 0; i < 15; i++) {
                        VECTOR.matmul(a, b, c, m, k, n, false);
                        if (!Arrays.equals(expected, c)) {
                            mismatches.incrementAndGet();
                        }
                    }
                });
                callers[t].start();
            }
            for (Thread t : callers) {
                t.join();
            }
            assertEquals(0, mismatches.get(), "parallel results differing");
        } finally {
            Kernels.setThreads(before);
        }
    }
}
