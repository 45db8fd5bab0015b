package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;
import static dev.lanes.kernel.vector.VectorDoubles.D;
import static dev.lanes.kernel.vector.VectorDoubles.DL;
import static dev.lanes.kernel.vector.VectorDoubles.F;
import static jdk.incubator.vector.VectorOperators.F2D;

import dev.lanes.kernel.Kernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * LayerNorm's rows ({@link Kernel#layerNormForward}, {@link Kernel#layerNormBackward}): the statistics and the
 * gradient's row and parameter sums in double lanes ({@link VectorRowSums}), the elementwise passes in float lanes.
 * A float pass takes x - mean as (x - hi) - lo, hi = (float) mean and lo = (float) (mean - hi): x - hi is exact for
 * x near the mean (Sterbenz), so the distance keeps its float digits however far the row is from 0.
 */
final class VectorNorms {

    private VectorNorms() {
    }

    static void layerNormForward(float[] x, float[] w, float[] b, float eps, float[] y, double[] mean,
                                 double[] rstd, int rows, int cols) {
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            double m = VectorRowSums.sum(x, off, cols) / cols;
            double s = 1.0 / Math.sqrt(VectorRowSums.squaredDistances(x, off, cols, m) / cols + eps);
            mean[r] = m;
            rstd[r] = s;
            float hi = (float) m;
            float lo = (float) (m - hi);
            if (w == null) {
                normalize(x, off, cols, hi, lo, (float) s, y);
            } else {
                normalizeAffine(x, off, cols, hi, lo, (float) s, w, b, y);
            }
        }
    }

    /** y = ((x - hi) - lo)·s over one row. */
    private static void normalize(float[] x, int off, int n, float hi, float lo, float s, float[] y) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, x, off + j).sub(hi).sub(lo).mul(s).intoArray(y, off + j);
        }
        for (; j < n; j++) {
            y[off + j] = ((x[off + j] - hi) - lo) * s;
        }
    }

    /** y = ((x - hi) - lo)·s·w + b over one row; b null for 0. */
    private static void normalizeAffine(float[] x, int off, int n, float hi, float lo, float s, float[] w,
                                        float[] b, float[] y) {
        if (b == null) {
            normalizeScaled(x, off, n, hi, lo, s, w, y);
            return;
        }
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, x, off + j).sub(hi).sub(lo).mul(s)
                    .fma(FloatVector.fromArray(S, w, j), FloatVector.fromArray(S, b, j)).intoArray(y, off + j);
        }
        for (; j < n; j++) {
            y[off + j] = Math.fma(((x[off + j] - hi) - lo) * s, w[j], b[j]);
        }
    }

    /** y = ((x - hi) - lo)·s·w over one row. */
    private static void normalizeScaled(float[] x, int off, int n, float hi, float lo, float s, float[] w,
                                        float[] y) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, x, off + j).sub(hi).sub(lo).mul(s).mul(FloatVector.fromArray(S, w, j))
                    .intoArray(y, off + j);
        }
        for (; j < n; j++) {
            y[off + j] = ((x[off + j] - hi) - lo) * s * w[j];
        }
    }

    static void layerNormBackward(float[] g, float[] x, float[] w, double[] mean, double[] rstd, float[] gx,
                                  double[] weightSums, double[] biasSums, int rows, int cols) {
        if (weightSums != null) {
            parameterSums(g, x, mean, rstd, weightSums, biasSums, rows, cols);
        }
        if (gx == null) {
            return;
        }
        for (int r = 0, off = 0; r < rows; r++, off += cols) {
            double m = mean[r];
            double s = rstd[r];
            // with dx̂ = g·w: mean(dx̂) and mean(dx̂·x̂), x̂ = (x - m)·s
            double meanD = (w == null ? VectorRowSums.sum(g, off, cols) : VectorRowSums.dot(g, off, w, cols)) / cols;
            double meanDX = s * (w == null ? VectorRowSums.centredDot(g, x, off, cols, m)
                    : VectorRowSums.weightedCentredDot(g, w, x, off, cols, m)) / cols;
            float hi = (float) m;
            float lo = (float) (m - hi);
            if (w == null) {
                inputGradient(g, x, off, cols, hi, lo, (float) s, (float) meanD, (float) meanDX, gx);
            } else {
                weightedInputGradient(g, w, x, off, cols, hi, lo, (float) s, (float) meanD, (float) meanDX, gx);
            }
        }
    }

    /**
     * weightSums[j] += Σ_r g[r, j]·(x[r, j] - mean[r])·rstd[r] and biasSums[j] += Σ_r g[r, j] (biasSums may be null),
     * column block by column block with the rows inside, so each block's sums stay in registers instead of being
     * loaded and stored once per row.
     * Each column is still summed in row order by fma, the bits of a row-by-row loop.
     */
    private static void parameterSums(float[] g, float[] x, double[] mean, double[] rstd, double[] weightSums,
                                      double[] biasSums, int rows, int cols) {
        int j = 0;
        for (; j + DL <= cols; j += DL) {
            parameterBlock(g, x, mean, rstd, weightSums, biasSums, j, rows, cols);
        }
        for (; j < cols; j++) {
            double w = weightSums[j];
            double b = biasSums == null ? 0 : biasSums[j];
            for (int r = 0, at = j; r < rows; r++, at += cols) {
                w = Math.fma(g[at], (x[at] - mean[r]) * rstd[r], w);
                b += g[at];
            }
            weightSums[j] = w;
            if (biasSums != null) {
                biasSums[j] = b;
            }
        }
    }

    /** {@link #parameterSums} for the DL columns from j (the bias sum is kept only where biasSums is given). */
    private static void parameterBlock(float[] g, float[] x, double[] mean, double[] rstd, double[] weightSums,
                                       double[] biasSums, int j, int rows, int cols) {
        DoubleVector w = DoubleVector.fromArray(D, weightSums, j);
        DoubleVector b = biasSums == null ? DoubleVector.zero(D) : DoubleVector.fromArray(D, biasSums, j);
        for (int r = 0, at = j; r < rows; r++, at += cols) {
            DoubleVector gj = (DoubleVector) FloatVector.fromArray(F, g, at).convertShape(F2D, D, 0);
            DoubleVector xhat = ((DoubleVector) FloatVector.fromArray(F, x, at).convertShape(F2D, D, 0)).sub(mean[r])
                    .mul(rstd[r]);
            w = gj.fma(xhat, w);
            b = b.add(gj);
        }
        w.intoArray(weightSums, j);
        if (biasSums != null) {
            b.intoArray(biasSums, j);
        }
    }

    /** gx += s·(g - meanD - x̂·meanDX) over one row, x̂ = ((x - hi) - lo)·s. */
    private static void inputGradient(float[] g, float[] x, int off, int n, float hi, float lo, float s,
                                      float meanD, float meanDX, float[] gx) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, off + j).sub(hi).sub(lo).mul(s);
            FloatVector t = xhat.mul(-meanDX).add(FloatVector.fromArray(S, g, off + j).sub(meanD));
            t.mul(s).add(FloatVector.fromArray(S, gx, off + j)).intoArray(gx, off + j);
        }
        for (; j < n; j++) {
            float xhat = ((x[off + j] - hi) - lo) * s;
            gx[off + j] += (xhat * -meanDX + (g[off + j] - meanD)) * s;
        }
    }

    /** gx += s·(g·w - meanD - x̂·meanDX) over one row, x̂ = ((x - hi) - lo)·s. */
    private static void weightedInputGradient(float[] g, float[] w, float[] x, int off, int n, float hi, float lo,
                                              float s, float meanD, float meanDX, float[] gx) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, off + j).sub(hi).sub(lo).mul(s);
            FloatVector d = FloatVector.fromArray(S, g, off + j).mul(FloatVector.fromArray(S, w, j));
            FloatVector t = xhat.mul(-meanDX).add(d.sub(meanD));
            t.mul(s).add(FloatVector.fromArray(S, gx, off + j)).intoArray(gx, off + j);
        }
        for (; j < n; j++) {
            float xhat = ((x[off + j] - hi) - lo) * s;
            gx[off + j] += (xhat * -meanDX + (g[off + j] * w[j] - meanD)) * s;
        }
    }
}
