package dev.lanes.cli.train;

import dev.lanes.cli.data.Dataset;
import dev.lanes.tensor.Tensor;
import java.util.Locale;
import java.util.Set;

/**
 * The target tensor a loss expects for a batch: class ids {@code [batch]} for cross-entropy and NLL, one-hot
 * {@code [batch, classes]} for the other losses on a classification task (as the seed does with MSE), and
 * {@code [batch, 1]} values for regression. Which loss fits which data is {@link LossOption#requireFits}'s to
 * check, before training starts.
 */
public final class Targets {

    private static final Set<String> CLASS_ID_LOSSES = Set.of("crossentropy", "nll");

    private final Dataset data;
    private final boolean classIds;

    public Targets(Dataset data, String lossName) {
        this.data = data;
        this.classIds = takesClassIds(lossName);
    }

    /** Whether loss {@code lossName} (a registry name, any case) takes class ids rather than one-hot rows. */
    public static boolean takesClassIds(String lossName) {
        return CLASS_ID_LOSSES.contains(lossName.toLowerCase(Locale.ROOT));
    }

    /** The targets of the rows {@code rows[from, to)}. */
    public Tensor batch(int[] rows, int from, int to) {
        int n = to - from;
        float[] v = new float[n * width()];
        batchInto(rows, from, to, v);
        return !data.isClassification() ? Tensor.of(v, n, 1) : classIds ? Tensor.of(v, n) : Tensor.of(v, n, width());
    }

    /** Target floats per row: 1 for values and class ids, the class count for one-hot rows. */
    public int width() {
        return data.isClassification() && !classIds ? data.classes().size() : 1;
    }

    /** Writes the targets of the rows {@code rows[from, to)} into {@code into}, {@link #width()} floats a row. */
    public void batchInto(int[] rows, int from, int to, float[] into) {
        int n = to - from;
        if (!data.isClassification()) {
            for (int i = 0; i < n; i++) {
                into[i] = data.values()[rows[from + i]];
            }
        } else if (classIds) {
            for (int i = 0; i < n; i++) {
                into[i] = data.labels()[rows[from + i]];
            }
        } else {
            int classes = width();
            java.util.Arrays.fill(into, 0, n * classes, 0f);
            for (int i = 0; i < n; i++) {
                into[i * classes + data.labels()[rows[from + i]]] = 1f;
            }
        }
    }

    /** Rows {@code rows[from, to)} of the feature matrix as a {@code [n, cols]} tensor. */
    public static Tensor features(Dataset data, int[] rows, int from, int to) {
        float[] x = new float[(to - from) * data.cols()];
        featuresInto(data, rows, from, to, x);
        return Tensor.of(x, to - from, data.cols());
    }

    /** Copies rows {@code rows[from, to)} of the feature matrix into {@code into}, row after row. */
    public static void featuresInto(Dataset data, int[] rows, int from, int to, float[] into) {
        int cols = data.cols();
        for (int i = from; i < to; i++) {
            System.arraycopy(data.features(), rows[i] * cols, into, (i - from) * cols, cols);
        }
    }
}
