package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.VectorDoubles.D;
import static dev.lanes.kernel.vector.VectorDoubles.F;
import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.F2D;

import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.ScalarNorms;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * BatchNorm's columns ({@link Kernel#columnMoments} and the rest) on a row-major [rows, cols] array: each row is
 * streamed once per pass, its floats widened to double lanes and added into per-column double arrays (a few KB,
 * in L1), so the sums are double sums in row order. The columns after the last full double vector go to
 * {@link ScalarNorms}.
 */
final class VectorColumnNorms {

    private VectorColumnNorms() {
    }

    static void columnMoments(float[] x, double[] mean, double[] variance, int rows, int cols) {
        int bound = D.loopBound(cols);
        java.util.Arrays.fill(mean, 0, bound, 0.0);
        java.util.Arrays.fill(variance, 0, bound, 0.0);
        for (int off = 0; off < rows * cols; off += cols) {
            addRow(x, off, bound, mean);
        }
        for (int j = 0; j < bound; j++) {
            mean[j] /= rows;
        }
        for (int off = 0; off < rows * cols; off += cols) {
            addSquaredDistances(x, off, bound, mean, variance);
        }
        for (int j = 0; j < bound; j++) {
            variance[j] /= rows;
        }
        ScalarNorms.columnMoments(x, mean, variance, rows, cols, bound, cols);
    }

    /** sums[j] += x[off + j] for j in [0, bound), bound a multiple of the double lanes. */
    private static void addRow(float[] x, int off, int bound, double[] sums) {
        for (int j = 0; j < bound; j += D.length()) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0);
            v.add(DoubleVector.fromArray(D, sums, j)).intoArray(sums, j);
        }
    }

    /** sums[j] += (x[off + j] - mean[j])² for j in [0, bound). */
    private static void addSquaredDistances(float[] x, int off, int bound, double[] mean, double[] sums) {
        for (int j = 0; j < bound; j += D.length()) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0);
            DoubleVector d = v.sub(DoubleVector.fromArray(D, mean, j));
            d.fma(d, DoubleVector.fromArray(D, sums, j)).intoArray(sums, j);
        }
    }

    static void normalizeColumns(float[] x, double[] mean, double[] scale, double[] shift, float[] y, int rows,
                                 int cols) {
        int bound = D.loopBound(cols);
        for (int off = 0; off < rows * cols; off += cols) {
            for (int j = 0; j < bound; j += D.length()) {
                DoubleVector xj = (DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0);
                DoubleVector v = xj.sub(DoubleVector.fromArray(D, mean, j))
                        .fma(DoubleVector.fromArray(D, scale, j), DoubleVector.fromArray(D, shift, j));
                ((FloatVector) v.convertShape(D2F, F, 0)).intoArray(y, off + j);
            }
        }
        ScalarNorms.normalizeColumns(x, mean, scale, shift, y, rows, cols, bound, cols);
    }

    static void columnGradientSums(float[] g, float[] x, double[] mean, double[] invStd, double[] sumG,
                                   double[] sumGx, int rows, int cols) {
        int bound = D.loopBound(cols);
        java.util.Arrays.fill(sumG, 0, bound, 0.0);
        java.util.Arrays.fill(sumGx, 0, bound, 0.0);
        for (int off = 0; off < rows * cols; off += cols) {
            addRow(g, off, bound, sumG);
            addCentredProducts(g, x, off, bound, mean, sumGx);
        }
        for (int j = 0; j < bound; j++) {
            sumGx[j] *= invStd[j]; // Σ g·(x - mean)·invStd with the column's constant factor taken out
        }
        ScalarNorms.columnGradientSums(g, x, mean, invStd, sumG, sumGx, rows, cols, bound, cols);
    }

    /** sums[j] += g[off + j]·(x[off + j] - mean[j]) for j in [0, bound). */
    private static void addCentredProducts(float[] g, float[] x, int off, int bound, double[] mean,
                                           double[] sums) {
        for (int j = 0; j < bound; j += D.length()) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0);
            DoubleVector d = v.sub(DoubleVector.fromArray(D, mean, j));
            DoubleVector gj = (DoubleVector) FloatVector.fromArray(F, g, off + j).convertShape(F2D, D, 0);
            gj.fma(d, DoubleVector.fromArray(D, sums, j)).intoArray(sums, j);
        }
    }

    static void columnInputGradient(float[] g, float[] x, double[] mean, double[] invStd, double[] scale,
                                    double[] meanG, double[] meanGx, float[] gx, int rows, int cols) {
        int bound = D.loopBound(cols);
        for (int off = 0; off < rows * cols; off += cols) {
            for (int j = 0; j < bound; j += D.length()) {
                DoubleVector xj = (DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0);
                DoubleVector xhat = xj.sub(DoubleVector.fromArray(D, mean, j))
                        .mul(DoubleVector.fromArray(D, invStd, j));
                DoubleVector gj = (DoubleVector) FloatVector.fromArray(F, g, off + j).convertShape(F2D, D, 0);
                DoubleVector t = gj.sub(DoubleVector.fromArray(D, meanG, j))
                        .sub(xhat.mul(DoubleVector.fromArray(D, meanGx, j)));
                DoubleVector sum = t.fma(DoubleVector.fromArray(D, scale, j),
                        (DoubleVector) FloatVector.fromArray(F, gx, off + j).convertShape(F2D, D, 0));
                ((FloatVector) sum.convertShape(D2F, F, 0)).intoArray(gx, off + j);
            }
        }
        ScalarNorms.columnInputGradient(g, x, mean, invStd, scale, meanG, meanGx, gx, rows, cols, bound, cols);
    }
}
