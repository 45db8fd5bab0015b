package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The three GEMM forms, vector against scalar, on awkward sizes, past every cache block, and across threads. */
class GemmProperties extends KernelPropertyBase {

    /** One GEMM form as a call on a kernel; A and B hold m·k and k·n elements in the form's layout. */
    @FunctionalInterface
    interface Form {
        void run(Kernel kernel, float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate);
    }

    static void check(String name, Form form, int m, int k, int n, boolean accumulate, long seed) {
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
        assertClose(name + " " + m + "x" + k + "x" + n + (accumulate ? " accumulate" : ""), expected, actual,
                sumTolerance(magnitude, k + 1, 0));
    }

    @Property(tries = 40)
    @Checks("matmul")
    void matmul(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n, @ForAll boolean accumulate,
                @ForAll long seed) {
        check("matmul", Kernel::matmul, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmulTransB")
    void matmulTransB(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n, @ForAll boolean accumulate,
                      @ForAll long seed) {
        check("matmulTransB", Kernel::matmulTransB, m, k, n, accumulate, seed);
    }

    @Property(tries = 40)
    @Checks("matmulTransA")
    void matmulTransA(@ForAll("dim") int m, @ForAll("dim") int k, @ForAll("dim") int n, @ForAll boolean accumulate,
                      @ForAll long seed) {
        check("matmulTransA", Kernel::matmulTransA, m, k, n, accumulate, seed);
    }

    /**
     * Every number of rows left over below the last full tile (0 to 11 for 12-row tiles, 0 to 5 for 6-row ones),
     * under full-width and ragged column panels: the bottom-edge paths (4-row calls, scratch tile) each get hit.
     */
    @Example
    void everyBottomEdgeHeight() {
        for (int m = 1; m <= 25; m++) {
            check("matmul", Kernel::matmul, m, 37, 69, m % 2 == 0, m);
            check("matmulTransB", Kernel::matmulTransB, m, 37, 64, m % 2 == 1, 100 + m);
            check("matmulTransA", Kernel::matmulTransA, m, 37, 69, m % 2 == 0, 200 + m);
        }
    }

    /**
     * Past the cache blocks (MC = 96 rows, K blocks of at most KC = 512, NC = 1024 columns), with ragged remainders:
     * 1101 deep is three K blocks of 367.
     */
    @Example
    void everyFormAcrossCacheBlocks() {
        check("matmul", Kernel::matmul, 197, 1101, 1041, true, 1);
        check("matmulTransB", Kernel::matmulTransB, 197, 1101, 1041, false, 2);
        check("matmulTransA", Kernel::matmulTransA, 197, 1101, 1041, true, 3);
    }

    /** Split by columns (n >= m) and by rows (m > n) over more threads than cores, ragged last slab. */
    @Example
    void everyFormAcrossThreads() {
        int before = Kernels.threads();
        Kernels.setThreads(3);
        try {
            // each above Gemm.PARALLEL_MIN_MACS (8.4M multiply-adds)
            check("matmul", Kernel::matmul, 129, 257, 257, false, 4);
            check("matmulTransB", Kernel::matmulTransB, 8209, 33, 33, true, 5);
            check("matmulTransA", Kernel::matmulTransA, 257, 259, 129, false, 6);
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
