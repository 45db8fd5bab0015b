package dev.lanes.kernel;

/**
 * The reference loops of the normalisation kernels ({@link Kernel#layerNormForward} and the rest): everything in
 * double, each float result rounded once. The column kernels work on a range of columns, so that the vector kernel
 * can hand them the columns left over after its last full vector.
 */
public final class ScalarNorms {

    private ScalarNorms() {
    }

    public static void layerNormForward(float[] x, float[] w, float[] b, float eps, float[] y, double[] mean,
                                        double[] rstd, int rows, int cols) {
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += x[off + j];
            }
            double m = sum / cols;
            double squares = 0; // distances from the mean: no digits cancel as in E[x²] - mean²
            for (int j = 0; j < cols; j++) {
                double d = x[off + j] - m;
                squares += d * d;
            }
            double s = 1.0 / Math.sqrt(squares / cols + eps);
            mean[r] = m;
            rstd[r] = s;
            for (int j = 0; j < cols; j++) {
                double v = (x[off + j] - m) * s;
                v = w == null ? v : v * w[j];
                y[off + j] = (float) (b == null ? v : v + b[j]);
            }
        }
    }

    public static void layerNormBackward(float[] g, float[] x, float[] w, double[] mean, double[] rstd, float[] gx,
                                         double[] weightSums, double[] biasSums, int rows, int cols) {
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            double m = mean[r];
            double s = rstd[r];
            double sumD = 0;  // Σ dx̂
            double sumDX = 0; // Σ dx̂·x̂
            for (int j = 0; j < cols; j++) {
                double xhat = (x[off + j] - m) * s;
                double gj = g[off + j];
                double d = w == null ? gj : gj * w[j];
                sumD += d;
                sumDX += d * xhat;
                if (weightSums != null) {
                    weightSums[j] += gj * xhat;
                }
                if (biasSums != null) {
                    biasSums[j] += gj;
                }
            }
            if (gx == null) {
                continue;
            }
            double meanD = sumD / cols;
            double meanDX = sumDX / cols;
            for (int j = 0; j < cols; j++) {
                double xhat = (x[off + j] - m) * s;
                double d = w == null ? g[off + j] : (double) g[off + j] * w[j];
                gx[off + j] += (float) (s * (d - meanD - xhat * meanDX));
            }
        }
    }

    /** {@link Kernel#columnMoments} on columns [from, to). */
    public static void columnMoments(float[] x, double[] mean, double[] variance, int rows, int cols, int from,
                                     int to) {
        for (int j = from; j < to; j++) {
            mean[j] = 0;
            variance[j] = 0;
        }
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = from; j < to; j++) {
                mean[j] += x[off + j];
            }
        }
        for (int j = from; j < to; j++) {
            mean[j] /= rows;
        }
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = from; j < to; j++) {
                double d = x[off + j] - mean[j];
                variance[j] += d * d;
            }
        }
        for (int j = from; j < to; j++) {
            variance[j] /= rows;
        }
    }

    /** {@link Kernel#normalizeColumns} on columns [from, to). */
    public static void normalizeColumns(float[] x, double[] mean, double[] scale, double[] shift, float[] y,
                                        int rows, int cols, int from, int to) {
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = from; j < to; j++) {
                y[off + j] = (float) ((x[off + j] - mean[j]) * scale[j] + shift[j]);
            }
        }
    }

    /** {@link Kernel#columnGradientSums} on columns [from, to). */
    public static void columnGradientSums(float[] g, float[] x, double[] mean, double[] invStd, double[] sumG,
                                          double[] sumGx, int rows, int cols, int from, int to) {
        for (int j = from; j < to; j++) {
            sumG[j] = 0;
            sumGx[j] = 0;
        }
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = from; j < to; j++) {
                double gj = g[off + j];
                sumG[j] += gj;
                sumGx[j] += gj * ((x[off + j] - mean[j]) * invStd[j]);
            }
        }
    }

    /** {@link Kernel#columnInputGradient} on columns [from, to). */
    public static void columnInputGradient(float[] g, float[] x, double[] mean, double[] invStd, double[] scale,
                                           double[] meanG, double[] meanGx, float[] gx, int rows, int cols, int from,
                                           int to) {
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            for (int j = from; j < to; j++) {
                double xhat = (x[off + j] - mean[j]) * invStd[j];
                gx[off + j] = (float) (gx[off + j] + scale[j] * (g[off + j] - meanG[j] - xhat * meanGx[j]));
            }
        }
    }
}
