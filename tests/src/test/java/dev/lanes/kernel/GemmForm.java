package dev.lanes.kernel;

/**
 * The three GEMM forms as calls on a kernel, and where each reads A(i, p) and B(p, j) relative to its operand's
 * offset: the tests' definition of the forms, and from it a reference computed in double.
 */
enum GemmForm {
    MATMUL("matmul", Kernel::matmul, Kernel::matmul, (m, k, i, p) -> i * k + p, (k, n, p, j) -> p * n + j),
    TRANS_B("matmulTransB", Kernel::matmulTransB, Kernel::matmulTransB, (m, k, i, p) -> i * k + p,
            (k, n, p, j) -> j * k + p),
    TRANS_A("matmulTransA", Kernel::matmulTransA, Kernel::matmulTransA, (m, k, i, p) -> p * m + i,
            (k, n, p, j) -> p * n + j);

    /** The offset overload as a call on a kernel. */
    @FunctionalInterface
    interface WithOffsets {
        void run(Kernel kernel, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                 boolean accumulate);
    }

    /** The form without offsets as a call on a kernel. */
    @FunctionalInterface
    interface Whole {
        void run(Kernel kernel, float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate);
    }

    /** Where element (x, y) of a rows x cols operand lies from its offset: A(i, p) of [m, k], B(p, j) of [k, n]. */
    @FunctionalInterface
    interface Index {
        int at(int rows, int cols, int x, int y);
    }

    /** The {@link Kernel} method's name. */
    final String method;
    private final WithOffsets withOffsets;
    private final Whole whole;
    private final Index aIndex;
    private final Index bIndex;

    GemmForm(String method, WithOffsets withOffsets, Whole whole, Index aIndex, Index bIndex) {
        this.method = method;
        this.withOffsets = withOffsets;
        this.whole = whole;
        this.aIndex = aIndex;
        this.bIndex = bIndex;
    }

    /** The offset overload: C[m, n] at c[cOff] (+)= the form's product of A at a[aOff] and B at b[bOff]. */
    void run(Kernel kernel, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
             boolean accumulate) {
        withOffsets.run(kernel, a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
    }

    /** The form without offsets. */
    void run(Kernel kernel, float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        whole.run(kernel, a, b, c, m, k, n, accumulate);
    }

    /** C's m·n elements as the form defines them, summed in double, and beside them Σ|terms| for a tolerance. */
    record Reference(float[] values, float[] magnitude) {
    }

    /** The product from C's values before the call (accumulate) or 0, summed in double and rounded once. */
    Reference reference(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                        boolean accumulate) {
        float[] values = new float[m * n];
        float[] magnitude = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double start = accumulate ? c[cOff + i * n + j] : 0;
                double sum = start;
                double abs = Math.abs(start);
                for (int p = 0; p < k; p++) {
                    double term = (double) a[aOff + aIndex.at(m, k, i, p)] * b[bOff + bIndex.at(k, n, p, j)];
                    sum += term;
                    abs += Math.abs(term);
                }
                values[i * n + j] = (float) sum;
                magnitude[i * n + j] = (float) abs;
            }
        }
        return new Reference(values, magnitude);
    }
}
