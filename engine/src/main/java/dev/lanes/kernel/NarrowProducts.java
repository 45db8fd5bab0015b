package dev.lanes.kernel;

/**
 * Products whose C has at most {@link #MAX_COLS} columns (the seed's 2-2-3 nets, classifier heads): one loop body
 * per width, its columns written out, so no loop runs over C's 1-4 columns. C2 pays a fixed cost per loop entry,
 * and the generic loops enter one per row or per (row, column): 10x2 by 2x3 measured 61 -> 35 ns, and Aᵀ·B for a
 * 2x3 result over 10 rows 74 -> 20 ns. A·Bᵀ keeps ScalarKernel's dot products, measured faster (24 against 39 ns
 * for 10x3 by (2x3)ᵀ).
 *
 * <p>C[m, n] (+)= A·B with A(i, p) = a[aOff + i*ars + p*acs], B(p, j) = b[bOff + p*bps + j*bjs] and C(i, j) =
 * c[cOff + i*n + j]; every element of C gets its products added in order of p, starting from C (accumulate) or 0,
 * as {@link ScalarKernel}'s loops add them.
 */
final class NarrowProducts {

    static final int MAX_COLS = 4;

    private NarrowProducts() {
    }

    static void multiply(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs, float[] c,
                         int cOff, int m, int k, int n, boolean accumulate) {
        if (n == 0) {
            return; // C has no elements
        }
        if (m > k) { // long columns: one pass down C per step of K
            if (!accumulate) {
                java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            }
            switch (n) {
                case 1 -> stepsOf1(a, aOff, ars, acs, b, bOff, bps, c, cOff, m, k);
                case 2 -> stepsOf2(a, aOff, ars, acs, b, bOff, bps, bjs, c, cOff, m, k);
                case 3 -> stepsOf3(a, aOff, ars, acs, b, bOff, bps, bjs, c, cOff, m, k);
                default -> stepsOf4(a, aOff, ars, acs, b, bOff, bps, bjs, c, cOff, m, k);
            }
        } else { // long K: each row of C summed in registers
            switch (n) {
                case 1 -> rowsOf1(a, aOff, ars, acs, b, bOff, bps, c, cOff, m, k, accumulate);
                case 2 -> rowsOf2(a, aOff, ars, acs, b, bOff, bps, bjs, c, cOff, m, k, accumulate);
                case 3 -> rowsOf3(a, aOff, ars, acs, b, bOff, bps, bjs, c, cOff, m, k, accumulate);
                default -> rowsOf4(a, aOff, ars, acs, b, bOff, bps, bjs, c, cOff, m, k, accumulate);
            }
        }
    }

    private static void stepsOf1(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, float[] c,
                                 int cOff, int m, int k) {
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * bps;
            float b0 = b[bp];
            for (int i = 0, ai = aOff + p * acs, o = cOff; i < m; i++, ai += ars, o++) {
                float x = a[ai];
                c[o] += x * b0;
            }
        }
    }

    private static void stepsOf2(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs,
                                 float[] c, int cOff, int m, int k) {
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * bps;
            float b0 = b[bp];
            float b1 = b[bp + bjs];
            for (int i = 0, ai = aOff + p * acs, o = cOff; i < m; i++, ai += ars, o += 2) {
                float x = a[ai];
                c[o] += x * b0;
                c[o + 1] += x * b1;
            }
        }
    }

    private static void stepsOf3(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs,
                                 float[] c, int cOff, int m, int k) {
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * bps;
            float b0 = b[bp];
            float b1 = b[bp + bjs];
            float b2 = b[bp + 2 * bjs];
            for (int i = 0, ai = aOff + p * acs, o = cOff; i < m; i++, ai += ars, o += 3) {
                float x = a[ai];
                c[o] += x * b0;
                c[o + 1] += x * b1;
                c[o + 2] += x * b2;
            }
        }
    }

    private static void stepsOf4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs,
                                 float[] c, int cOff, int m, int k) {
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * bps;
            float b0 = b[bp];
            float b1 = b[bp + bjs];
            float b2 = b[bp + 2 * bjs];
            float b3 = b[bp + 3 * bjs];
            for (int i = 0, ai = aOff + p * acs, o = cOff; i < m; i++, ai += ars, o += 4) {
                float x = a[ai];
                c[o] += x * b0;
                c[o + 1] += x * b1;
                c[o + 2] += x * b2;
                c[o + 3] += x * b3;
            }
        }
    }

    private static void rowsOf1(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, float[] c,
                                int cOff, int m, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int o = cOff + 1 * i;
            float s0 = accumulate ? c[o] : 0f;
            for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += bps) {
                float x = a[ap];
                s0 += x * b[bp];
            }
            c[o] = s0;
        }
    }

    private static void rowsOf2(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs, float[] c,
                                int cOff, int m, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int o = cOff + 2 * i;
            float s0 = accumulate ? c[o] : 0f;
            float s1 = accumulate ? c[o + 1] : 0f;
            for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += bps) {
                float x = a[ap];
                s0 += x * b[bp];
                s1 += x * b[bp + bjs];
            }
            c[o] = s0;
            c[o + 1] = s1;
        }
    }

    private static void rowsOf3(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs, float[] c,
                                int cOff, int m, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int o = cOff + 3 * i;
            float s0 = accumulate ? c[o] : 0f;
            float s1 = accumulate ? c[o + 1] : 0f;
            float s2 = accumulate ? c[o + 2] : 0f;
            for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += bps) {
                float x = a[ap];
                s0 += x * b[bp];
                s1 += x * b[bp + bjs];
                s2 += x * b[bp + 2 * bjs];
            }
            c[o] = s0;
            c[o + 1] = s1;
            c[o + 2] = s2;
        }
    }

    private static void rowsOf4(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bps, int bjs, float[] c,
                                int cOff, int m, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int o = cOff + 4 * i;
            float s0 = accumulate ? c[o] : 0f;
            float s1 = accumulate ? c[o + 1] : 0f;
            float s2 = accumulate ? c[o + 2] : 0f;
            float s3 = accumulate ? c[o + 3] : 0f;
            for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += bps) {
                float x = a[ap];
                s0 += x * b[bp];
                s1 += x * b[bp + bjs];
                s2 += x * b[bp + 2 * bjs];
                s3 += x * b[bp + 3 * bjs];
            }
            c[o] = s0;
            c[o + 1] = s1;
            c[o + 2] = s2;
            c[o + 3] = s3;
        }
    }
}
