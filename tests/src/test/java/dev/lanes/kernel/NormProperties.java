package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The normalisation kernels (LayerNorm's rows, BatchNorm's columns), vector and scalar, each against a reference
 * worked in double here and so against each other, on rows near 0 and rows far from it (mean 1000, spread 0.01).
 *
 * <p>Tolerances, each a bound on the roundings the kernel's Javadoc allows, not a fit: a double sum of k terms in
 * any order is within k·2^-53·Σ|terms| of the exact sum (Higham eq. 3.5), so two such sums differ by at most twice
 * that; {@link #STAT} allows 4x. A float result "within a few float roundings" is allowed {@link #FLOAT_ROUNDINGS}
 * of them, u = 2^-24 each, relative to the magnitudes of the terms it was worked from (the vector float passes
 * round ~5 times: x - hi, - lo, ·rstd, ·weight, + bias); the float mean hi + lo is off by at most 2^-48·|mean|.
 */
class NormProperties extends KernelPropertyBase {

    /** Double unit roundoff. */
    static final double UD = 0x1p-53;
    /** Multiple of k·2^-53·Σ|terms| allowed between double sums of k terms. */
    static final double STAT = 4;
    /** Float roundings allowed on a float result worked in float lanes. */
    static final double FLOAT_ROUNDINGS = 8;
    /** How far hi + lo = (float) mean + (float) (mean - hi) may be from the mean, relative to |mean|. */
    static final double SPLIT = 0x1p-47;

    /** Values centred near 0 or far from it, spread wide or narrow. */
    static float[] data(Random rnd, int n, boolean farFromZero) {
        float center = farFromZero ? 1000f : 0f;
        float spread = farFromZero ? 0.01f : 1f;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = center + spread * (rnd.nextFloat() * 4f - 2f);
        }
        return x;
    }

    static double[] randomDoubles(Random rnd, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rnd.nextDouble() * 4 - 2;
        }
        return d;
    }

    static final float EPS = 1e-5f;

    /** The row statistics, in plain double loops: {mean, rstd} per row. */
    static double[][] rowStats(float[] x, int rows, int cols) {
        double[] mean = new double[rows];
        double[] rstd = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += x[r * cols + j];
            }
            mean[r] = sum / cols;
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[r * cols + j] - mean[r];
                sq += d * d;
            }
            rstd[r] = 1 / Math.sqrt(sq / cols + EPS);
        }
        return new double[][] {mean, rstd};
    }

    @Property(tries = 60)
    @Checks("layerNormForward")
    void layerNormForward(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll boolean farFromZero,
                          @ForAll boolean hasWeight, @ForAll boolean hasBias, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = data(rnd, rows * cols, farFromZero);
        float[] w = hasWeight ? random(rnd, cols) : null;
        float[] b = hasWeight && hasBias ? random(rnd, cols) : null;
        double[][] ref = rowStats(x, rows, cols);
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            String what = kernel.description() + " layerNormForward " + rows + "x" + cols;
            float[] y = new float[rows * cols];
            double[] mean = new double[rows];
            double[] rstd = new double[rows];
            kernel.layerNormForward(x, w, b, EPS, y, mean, rstd, rows, cols);
            for (int r = 0; r < rows; r++) {
                double absMean = 0;
                for (int j = 0; j < cols; j++) {
                    absMean += Math.abs(x[r * cols + j]) / cols;
                }
                close(what + " mean of row " + r, ref[0][r], mean[r], STAT * cols * UD * absMean);
                close(what + " rstd of row " + r, ref[1][r], rstd[r], STAT * (cols + 2) * UD * ref[1][r]);
                for (int j = 0; j < cols; j++) {
                    double s = ref[1][r];
                    double scaled = (x[r * cols + j] - ref[0][r]) * s * (w == null ? 1 : w[j]);
                    double expected = scaled + (b == null ? 0 : b[j]);
                    double tol = FLOAT_ROUNDINGS * U * (Math.abs(scaled) + (b == null ? 0 : Math.abs(b[j])))
                            + SPLIT * Math.abs(ref[0][r]) * s * (w == null ? 1 : Math.abs(w[j]));
                    close(what + " y[" + r + ", " + j + "]", expected, y[r * cols + j], tol);
                }
            }
        }
    }

    @Property(tries = 60)
    @Checks("layerNormBackward")
    void layerNormBackward(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll boolean farFromZero,
                           @ForAll boolean hasWeight, @ForAll boolean hasBias, @ForAll boolean wantInput,
                           @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = data(rnd, rows * cols, farFromZero);
        float[] g = random(rnd, rows * cols);
        float[] w = hasWeight ? random(rnd, cols) : null;
        float[] gx0 = random(rnd, rows * cols);
        double[] wSums0 = randomDoubles(rnd, cols);
        double[] bSums0 = randomDoubles(rnd, cols);
        double[][] stats = rowStats(x, rows, cols);
        double[] mean = stats[0];
        double[] rstd = stats[1];
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            String what = kernel.description() + " layerNormBackward " + rows + "x" + cols;
            float[] gx = wantInput ? gx0.clone() : null;
            double[] wSums = hasWeight ? wSums0.clone() : null;
            double[] bSums = hasWeight && hasBias ? bSums0.clone() : null;
            kernel.layerNormBackward(g, x, w, mean, rstd, gx, wSums, bSums, rows, cols);
            double[] wExpected = wSums0.clone();
            double[] wMagnitude = abs(wSums0);
            double[] bExpected = bSums0.clone();
            double[] bMagnitude = abs(bSums0);
            for (int r = 0; r < rows; r++) {
                double m = mean[r];
                double s = rstd[r];
                double sumD = 0;
                double sumDX = 0;
                double magD = 0;
                double magDX = 0;
                for (int j = 0; j < cols; j++) {
                    int i = r * cols + j;
                    double xhat = (x[i] - m) * s;
                    double d = g[i] * (w == null ? 1.0 : w[j]);
                    sumD += d;
                    sumDX += d * xhat;
                    magD += Math.abs(d);
                    magDX += Math.abs(d * xhat);
                    wExpected[j] += g[i] * xhat;
                    wMagnitude[j] += Math.abs(g[i] * xhat);
                    bExpected[j] += g[i];
                    bMagnitude[j] += Math.abs(g[i]);
                }
                if (gx == null) {
                    continue;
                }
                double meanD = sumD / cols;
                double meanDX = sumDX / cols;
                for (int j = 0; j < cols; j++) {
                    int i = r * cols + j;
                    double xhat = (x[i] - m) * s;
                    double d = g[i] * (w == null ? 1.0 : w[j]);
                    double expected = gx0[i] + s * (d - meanD - xhat * meanDX);
                    double terms = s * (Math.abs(d) + Math.abs(meanD) + Math.abs(xhat * meanDX));
                    double tol = FLOAT_ROUNDINGS * U * (terms + Math.abs(gx0[i]))
                            + STAT * cols * UD * s * (magD + magDX * Math.abs(xhat)) / cols
                            + SPLIT * Math.abs(m) * s * s * Math.abs(meanDX);
                    close(what + " gx[" + r + ", " + j + "]", expected, gx[i], tol);
                }
            }
            for (int j = 0; j < cols; j++) {
                if (wSums != null) {
                    close(what + " weight sum " + j, wExpected[j], wSums[j], STAT * (rows + 1) * UD * wMagnitude[j]);
                }
                if (bSums != null) {
                    close(what + " bias sum " + j, bExpected[j], bSums[j], STAT * (rows + 1) * UD * bMagnitude[j]);
                }
            }
        }
    }

    /** The column statistics, in plain double loops: {mean, variance, Σ|x| / rows} per column. */
    static double[][] columnStats(float[] x, int rows, int cols) {
        double[] mean = new double[cols];
        double[] variance = new double[cols];
        double[] absMean = new double[cols];
        for (int j = 0; j < cols; j++) {
            for (int r = 0; r < rows; r++) {
                mean[j] += x[r * cols + j];
                absMean[j] += Math.abs(x[r * cols + j]);
            }
            mean[j] /= rows;
            absMean[j] /= rows;
            for (int r = 0; r < rows; r++) {
                double d = x[r * cols + j] - mean[j];
                variance[j] += d * d;
            }
            variance[j] /= rows;
        }
        return new double[][] {mean, variance, absMean};
    }

    @Property(tries = 40)
    @Checks("columnMoments")
    void columnMoments(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll boolean farFromZero,
                       @ForAll long seed) {
        float[] x = data(new Random(seed), rows * cols, farFromZero);
        double[][] ref = columnStats(x, rows, cols);
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            String what = kernel.description() + " columnMoments " + rows + "x" + cols;
            double[] mean = randomDoubles(new Random(seed), cols); // overwritten, whatever it held
            double[] variance = randomDoubles(new Random(~seed), cols);
            kernel.columnMoments(x, mean, variance, rows, cols);
            for (int j = 0; j < cols; j++) {
                close(what + " mean " + j, ref[0][j], mean[j], STAT * rows * UD * ref[2][j]);
                close(what + " variance " + j, ref[1][j], variance[j], STAT * (rows + 2) * UD * ref[1][j]);
            }
        }
    }

    @Property(tries = 40)
    @Checks("normalizeColumns")
    void normalizeColumns(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll boolean farFromZero,
                          @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = data(rnd, rows * cols, farFromZero);
        double[] mean = columnStats(x, rows, cols)[0];
        double[] scale = randomDoubles(rnd, cols);
        double[] shift = randomDoubles(rnd, cols);
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            float[] y = new float[rows * cols];
            kernel.normalizeColumns(x, mean, scale, shift, y, rows, cols);
            for (int i = 0; i < y.length; i++) {
                int j = i % cols;
                double scaled = (x[i] - mean[j]) * scale[j];
                double expected = scaled + shift[j];
                close(kernel.description() + " normalizeColumns " + rows + "x" + cols + " at " + i, expected, y[i],
                        roundedOnce(expected, Math.abs(scaled) + Math.abs(shift[j])));
            }
        }
    }

    /** A float rounding of the double result, plus a few double roundings of the terms it came from. */
    static double roundedOnce(double expected, double terms) {
        return U * Math.abs(expected) + 8 * UD * terms;
    }

    @Property(tries = 40)
    @Checks("columnGradientSums")
    void columnGradientSums(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll boolean farFromZero,
                            @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = data(rnd, rows * cols, farFromZero);
        float[] g = random(rnd, rows * cols);
        double[][] stats = columnStats(x, rows, cols);
        double[] invStd = invStd(stats[1]);
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            double[] sumG = randomDoubles(rnd, cols); // overwritten
            double[] sumGx = randomDoubles(rnd, cols);
            kernel.columnGradientSums(g, x, stats[0], invStd, sumG, sumGx, rows, cols);
            for (int j = 0; j < cols; j++) {
                double eg = 0;
                double egx = 0;
                double mg = 0;
                double mgx = 0;
                for (int r = 0; r < rows; r++) {
                    int i = r * cols + j;
                    double xhat = (x[i] - stats[0][j]) * invStd[j];
                    eg += g[i];
                    egx += g[i] * xhat;
                    mg += Math.abs(g[i]);
                    mgx += Math.abs(g[i] * xhat);
                }
                String what = kernel.description() + " columnGradientSums " + rows + "x" + cols + " column " + j;
                close(what + " Σg", eg, sumG[j], STAT * rows * UD * mg);
                close(what + " Σg·x̂", egx, sumGx[j], STAT * (rows + 2) * UD * mgx);
            }
        }
    }

    @Property(tries = 40)
    @Checks("columnInputGradient")
    void columnInputGradient(@ForAll("dim") int rows, @ForAll("dim") int cols, @ForAll boolean farFromZero,
                             @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = data(rnd, rows * cols, farFromZero);
        float[] g = random(rnd, rows * cols);
        float[] gx0 = random(rnd, rows * cols);
        double[][] stats = columnStats(x, rows, cols);
        double[] invStd = invStd(stats[1]);
        double[] scale = randomDoubles(rnd, cols);
        double[] meanG = randomDoubles(rnd, cols);
        double[] meanGx = randomDoubles(rnd, cols);
        for (Kernel kernel : new Kernel[] {SCALAR, VECTOR}) {
            float[] gx = gx0.clone();
            kernel.columnInputGradient(g, x, stats[0], invStd, scale, meanG, meanGx, gx, rows, cols);
            for (int i = 0; i < gx.length; i++) {
                int j = i % cols;
                double xhat = (x[i] - stats[0][j]) * invStd[j];
                double change = scale[j] * (g[i] - meanG[j] - xhat * meanGx[j]);
                double terms = Math.abs(gx0[i]) + Math.abs(scale[j]) * (Math.abs(g[i]) + Math.abs(meanG[j])
                        + Math.abs(xhat * meanGx[j]));
                close(kernel.description() + " columnInputGradient " + rows + "x" + cols + " at " + i,
                        gx0[i] + change, gx[i], roundedOnce(gx0[i] + change, terms));
            }
        }
    }

    static double[] invStd(double[] variance) {
        double[] out = new double[variance.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = 1 / Math.sqrt(variance[j] + EPS);
        }
        return out;
    }

    static double[] abs(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    static void close(String what, double expected, double actual, double tolerance) {
        double diff = Math.abs(expected - actual);
        if (!(diff <= tolerance)) { // also catches NaN
            fail(what + ": " + actual + ", double reference " + expected + " (|diff| " + diff + " > tolerance "
                    + tolerance + ")");
        }
    }
}
