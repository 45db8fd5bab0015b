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
                            for (GemmForm form : GemmForm.values()) {
                                check(kernel, form, m, k, n, accumulate, seed++);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void check(Kernel kernel, GemmForm form, int m, int k, int n, boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c = random(rnd, m * n);
        GemmForm.Reference expected = form.reference(a, 0, b, 0, c, 0, m, k, n, accumulate);
        form.run(kernel, a, b, c, m, k, n, accumulate);
        assertClose(kernel.description() + " " + form.method + " " + m + "x" + k + "x" + n
                        + (accumulate ? " accumulate" : ""),
                expected.values(), c, sumTolerance(expected.magnitude(), k + 1, 0));
    }
}
