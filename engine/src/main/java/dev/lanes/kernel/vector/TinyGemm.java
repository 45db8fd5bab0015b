package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import jdk.incubator.vector.FloatVector;

/**
 * The smallest products (raw autograd on the seed's 2-2-3 net: 10x2 by 2x3), when a row of C fits one vector. Every
 * loop here is long or runs once: C2 pays a fixed cost each time it enters a loop whose length is known only at run
 * time, and the scalar triple loop enters one per row and step of K (a 10x2x2 product cost 60-80 ns, almost all of
 * it that). So: B copied into lane-padded rows in one flat pass, C kept as lane-padded rows in scratch, one pass
 * down all rows of C per step of K (broadcast-FMA against B's row, so sums run in order of p), one flat pass out.
 */
final class TinyGemm {

    /** Most depth and most rows: B's and C's padded rows must fit the per-thread scratch (64 rows · L floats each). */
    static final int MAX_SIZE = 64;

    private TinyGemm() {
    }

    /** True when a row of C fits one vector and B and C fit the scratch. */
    static boolean fits(int m, int k, int n) {
        return n <= L && k <= MAX_SIZE && m <= MAX_SIZE;
    }

    /** Per-thread lane-padded copies; lanes past n hold stale values whose results are never stored. */
    private static final class Scratch {
        static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
        final float[] b = new float[MAX_SIZE * L];
        final float[] c = new float[MAX_SIZE * L];
    }

    /**
     * C[m, n] (+)= A[m, k] · B[k, n] with A(i, p) = a[i*ars + p*acs], B(p, j) = b[p*brs + j*bcs], C row-major.
     */
    static void product(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] c, int m, int k, int n,
                        boolean accumulate) {
        Scratch s = Scratch.PER_THREAD.get();
        float[] bp = s.b;
        float[] cp = s.c;
        for (int q = 0, p = 0, j = 0; q < k * n; q++) { // B(p, j) -> bp[p*L + j]
            bp[p * L + j] = b[p * brs + j * bcs];
            if (++j == n) {
                j = 0;
                p++;
            }
        }
        if (accumulate) {
            for (int q = 0, i = 0, j = 0; q < m * n; q++) {
                cp[i * L + j] = c[q];
                if (++j == n) {
                    j = 0;
                    i++;
                }
            }
        } else {
            FloatVector zero = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                zero.intoArray(cp, i * L);
            }
        }
        for (int p = 0; p < k; p++) {
            FloatVector row = FloatVector.fromArray(S, bp, p * L);
            int ap = p * acs;
            for (int i = 0; i < m; i++) {
                row.fma(FloatVector.broadcast(S, a[ap + i * ars]), FloatVector.fromArray(S, cp, i * L))
                        .intoArray(cp, i * L);
            }
        }
        for (int q = 0, i = 0, j = 0; q < m * n; q++) {
            c[q] = cp[i * L + j];
            if (++j == n) {
                j = 0;
                i++;
            }
        }
    }
}
