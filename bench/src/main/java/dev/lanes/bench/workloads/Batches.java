package dev.lanes.bench.workloads;

import dev.lanes.tensor.Tensor;
import java.util.Random;

/** Shuffles and mini-batch gathering, as a training loop over in-memory rows does them. */
final class Batches {

    private Batches() {
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rng);
        return p;
    }

    static void shuffle(int[] p, Random rng) {
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }

    /** Rows {@code order[from, to)} of the row-major {@code x} ({@code cols} wide) as a {@code [n, cols]} tensor. */
    static Tensor rows(float[] x, int cols, int[] order, int from, int to) {
        float[] out = new float[(to - from) * cols];
        for (int i = from; i < to; i++) {
            System.arraycopy(x, order[i] * cols, out, (i - from) * cols, cols);
        }
        return Tensor.of(out, to - from, cols);
    }

    /** The labels of rows {@code order[from, to)} as a {@code [n]} tensor of class ids. */
    static Tensor labels(int[] y, int[] order, int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = y[order[i]];
        }
        return Tensor.of(out, to - from);
    }
}
