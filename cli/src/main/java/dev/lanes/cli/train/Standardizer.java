package dev.lanes.cli.train;

/**
 * Per-feature standardization {@code (x - mean) / std}, fit on the training rows only so held-out rows do not leak
 * into it. A constant feature (std 0, e.g. an always-blank pixel) is divided by 1 instead.
 */
public record Standardizer(float[] mean, float[] std) {

    /** Mean and population standard deviation of each column of a row-major {@code [rows, cols]} matrix. */
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

    /** A standardized copy of {@code x}. */
    public float[] apply(float[] x) {
        int cols = mean.length;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i % cols;
            out[i] = (x[i] - mean[c]) / std[c];
        }
        return out;
    }
}
