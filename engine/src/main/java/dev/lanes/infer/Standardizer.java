package dev.lanes.infer;

/**
 * Per-feature standardization {@code (x - mean) / std}, fit on the training rows only so held-out rows do not leak
 * into it. A constant feature (std 0, e.g. an always-blank pixel) is divided by 1 instead. Training fits it; a model
 * file stores it ({@link dev.lanes.io.ModelMetadata}) and {@link Predictor} applies it to every input.
 *
 * @param mean per-feature mean
 * @param std  per-feature standard deviation, never 0 when made by {@link #fit}
 */
public record Standardizer(float[] mean, float[] std) {

    /** Checks that mean and std have one length. */
    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("standardization needs a mean and a std of one length, got "
                    + mean.length + " and " + std.length);
        }
    }

    /**
     * Mean and population standard deviation of each column of a row-major {@code [rows, cols]} matrix.
     *
     * @param x    the training rows, row-major
     * @param rows the number of rows
     * @param cols the number of features per row
     * @return the fitted standardization
     */
    public static Standardizer fit(float[] x, int rows, int cols) {
        double[] sum = new double[cols];
        double[] sumSq = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = x[r * cols + c];
                sum[c] += v;
                sumSq[c] += v * v;
            }
        }
        float[] mean = new float[cols];
        float[] std = new float[cols];
        for (int c = 0; c < cols; c++) {
            double m = sum[c] / rows;
            double var = Math.max(0, sumSq[c] / rows - m * m);
            mean[c] = (float) m;
            std[c] = var > 0 ? (float) Math.sqrt(var) : 1f;
        }
        return new Standardizer(mean, std);
    }

    /**
     * The number of features.
     *
     * @return the length of mean and std
     */
    public int width() {
        return mean.length;
    }

    /**
     * A standardized copy of {@code x}, row-major rows of {@link #width()} features.
     *
     * @param x rows to standardize
     * @return a new array
     */
    public float[] apply(float[] x) {
        float[] out = new float[x.length];
        apply(x, out, x.length);
        return out;
    }

    /**
     * Writes the first {@code n} values of {@code x} standardized into {@code out}, allocating nothing.
     *
     * @param x   row-major rows of {@link #width()} features
     * @param out receives the standardized values; may be {@code x}
     * @param n   how many values, a multiple of {@link #width()}
     */
    public void apply(float[] x, float[] out, int n) {
        int cols = mean.length;
        for (int i = 0, c = 0; i < n; i++) {
            out[i] = (x[i] - mean[c]) / std[c];
            if (++c == cols) {
                c = 0;
            }
        }
    }
}
