package dev.lanes.cli.data;

import java.util.List;
import java.util.Random;

/**
 * Samples ready for training: a row-major {@code [rows, cols]} feature matrix and a target that is either a class
 * index per row (with the class labels) or a real value per row (regression).
 *
 * @param labels  class index per row; null for regression
 * @param values  target value per row; null for classification
 * @param classes class labels, index i names class i; empty for regression
 */
public record Dataset(String source, List<String> featureNames, String targetName, float[] features, int rows,
        int cols, int[] labels, float[] values, List<String> classes) {

    public boolean isClassification() {
        return labels != null;
    }

    /** The rows at {@code indices}, in that order. */
    public Dataset select(int[] indices) {
        float[] x = new float[indices.length * cols];
        int[] y = labels == null ? null : new int[indices.length];
        float[] v = values == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * cols, x, i * cols, cols);
            if (y != null) {
                y[i] = labels[indices[i]];
            }
            if (v != null) {
                v[i] = values[indices[i]];
            }
        }
        return new Dataset(source, featureNames, targetName, x, indices.length, cols, y, v, classes);
    }

    /** A seeded shuffle split into {@code [train, held out]}; the held-out part has round(fraction × rows) rows. */
    public Dataset[] split(double heldOutFraction, long seed) {
        int[] order = permutation(rows, new Random(seed));
        int heldOut = (int) Math.round(rows * heldOutFraction);
        if (heldOut < 1 || heldOut >= rows) {
            throw new DataException(source + ": a held-out fraction of " + heldOutFraction + " leaves "
                    + (rows - heldOut) + " training and " + heldOut + " held-out rows of " + rows
                    + "; both need at least one");
        }
        int[] train = java.util.Arrays.copyOfRange(order, heldOut, rows);
        int[] test = java.util.Arrays.copyOfRange(order, 0, heldOut);
        return new Dataset[] {select(train), select(test)};
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
