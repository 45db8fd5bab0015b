package dev.lanes.kernel;

import java.util.Random;
import net.jqwik.api.Example;

/**
 * Small products against their definition, summed in double: the vector kernel hands these to the scalar one, so
 * a vector-against-scalar check would compare the scalar loops with themselves. Covers every width the scalar
 * kernel writes out column by column (1-4), the flat pass (5-7) and wider, with long columns (m > k) and long K,
 * and empty ones (a zero in any dimension).
 */
class SmallProductProperties extends KernelPropertyBase {

    private static final int[] ROWS_AND_DEPTHS = {0, 1, 2, 3, 10, 17};

    @Example
    void everyFormAgainstItsDefinition() {
        long seed = 0;
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            for (int n = 0; n <= 9; n++) {
                for (int m : ROWS_AND_DEPTHS) {
                    for (int k : ROWS_AND_DEPTHS) {
                        for (boolean accumulate : new boolean[] {false, true}) {
                            check(kernel, "matmul", SmallProductProperties::rowMajor, Kernel::matmul, m, k, n,
                                    accumulate, seed++);
                            check(kernel, "matmulTransA", SmallProductProperties::transposeA, Kernel::matmulTransA,
                                    m, k, n, accumulate, seed++);
                            check(kernel, "matmulTransB", SmallProductProperties::transposeB, Kernel::matmulTransB,
                                    m, k, n, accumulate, seed++);
                        }
                    }
                }
            }
        }
    }

    /** Where the form reads A(i, p) and B(p, j) in its arrays. */
    interface Layout {
        int[] index(int m, int k, int n, int i, int p, int j); // {index into a, index into b}
    }

    private static int[] rowMajor(int m, int k, int n, int i, int p, int j) {
        return new int[] {i * k + p, p * n + j};
    }

    private static int[] transposeA(int m, int k, int n, int i, int p, int j) {
        return new int[] {p * m + i, p * n + j};
    }

    private static int[] transposeB(int m, int k, int n, int i, int p, int j) {
        return new int[] {i * k + p, j * k + p};
    }

    private static void check(Kernel kernel, String name, Layout layout, GemmProperties.Form form, int m, int k, int n,
                              boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c = random(rnd, m * n);
        float[] expected = new float[m * n];
        float[] magnitude = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[i * n + j] : 0;
                double abs = accumulate ? Math.abs(c[i * n + j]) : 0;
                for (int p = 0; p < k; p++) {
                    int[] at = layout.index(m, k, n, i, p, j);
                    sum += (double) a[at[0]] * b[at[1]];
                    abs += Math.abs((double) a[at[0]] * b[at[1]]);
                }
                expected[i * n + j] = (float) sum;
                magnitude[i * n + j] = (float) abs;
            }
        }
        form.run(kernel, a, b, c, m, k, n, accumulate);
        assertClose(kernel.description() + " " + name + " " + m + "x" + k + "x" + n + (accumulate ? " accumulate" : ""),
                expected, c, sumTolerance(magnitude, k + 1, 0));
    }
}
