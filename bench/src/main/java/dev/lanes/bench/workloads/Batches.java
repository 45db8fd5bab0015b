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

    /** Rows {@code order[from, to)} of the row-major {@code x} ({@code cols} wide), as a new {@code [n, cols]}. */
    static Tensor rows(float[] x, int cols, int[] order, int from, int to) {
        float[] out = new float[(to - from) * cols];
        gatherRows(x, cols, order, from, to, out);
        return Tensor.of(out, to - from, cols);
    }

    /** The labels of rows {@code order[from, to)} as a new {@code [n]} tensor of class ids. */
    static Tensor labels(int[] y, int[] order, int from, int to) {
        float[] out = new float[to - from];
        gatherLabels(y, order, from, to, out);
        return Tensor.of(out, to - from);
    }

    /** Copies rows {@code order[from, to)} of {@code x} into the start of {@code into}. */
    static void gatherRows(float[] x, int cols, int[] order, int from, int to, float[] into) {
        for (int i = from; i < to; i++) {
            System.arraycopy(x, order[i] * cols, into, (i - from) * cols, cols);
        }
    }

    /** Copies the labels of rows {@code order[from, to)}, as floats, into the start of {@code into}. */
    static void gatherLabels(int[] y, int[] order, int from, int to, float[] into) {
        for (int i = from; i < to; i++) {
            into[i - from] = y[order[i]];
        }
    }
}
