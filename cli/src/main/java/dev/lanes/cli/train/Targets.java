package dev.lanes.cli.train;

import dev.lanes.cli.data.Dataset;
import dev.lanes.tensor.Tensor;
import java.util.Locale;
import java.util.Set;

/**
 * The target tensor a loss expects for a batch: class ids {@code [batch]} for cross-entropy and NLL, one-hot
 * {@code [batch, classes]} for the other losses on a classification task (as the seed does with MSE), and
 * {@code [batch, 1]} values for regression.
 */
public final class Targets {

    private static final Set<String> CLASS_ID_LOSSES = Set.of("crossentropy", "nll");

    private final Dataset data;
    private final boolean classIds;

    public Targets(Dataset data, String lossName) {
        this.data = data;
        this.classIds = CLASS_ID_LOSSES.contains(lossName.toLowerCase(Locale.ROOT));
        if (!data.isClassification() && classIds) {
            throw new IllegalArgumentException("--loss " + lossName + " needs class labels, but the target '"
                    + data.targetName() + "' is treated as a regression value; use --loss mse or l1");
        }
    }

    /** The targets of the rows {@code rows[from, to)}. */
    public Tensor batch(int[] rows, int from, int to) {
        int n = to - from;
        if (!data.isClassification()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = data.values()[rows[from + i]];
            }
            return Tensor.of(v, n, 1);
        }
        if (classIds) {
            float[] ids = new float[n];
            for (int i = 0; i < n; i++) {
                ids[i] = data.labels()[rows[from + i]];
            }
            return Tensor.of(ids, n);
        }
        int classes = data.classes().size();
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            oneHot[i * classes + data.labels()[rows[from + i]]] = 1f;
        }
        return Tensor.of(oneHot, n, classes);
    }

    /** Rows {@code rows[from, to)} of the feature matrix as a {@code [n, cols]} tensor. */
    public static Tensor features(Dataset data, int[] rows, int from, int to) {
        int cols = data.cols();
        float[] x = new float[(to - from) * cols];
        for (int i = from; i < to; i++) {
            System.arraycopy(data.features(), rows[i] * cols, x, (i - from) * cols, cols);
        }
        return Tensor.of(x, to - from, cols);
    }
}
