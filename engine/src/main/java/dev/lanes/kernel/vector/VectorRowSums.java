package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.VectorDoubles.D;
import static dev.lanes.kernel.vector.VectorDoubles.DL;
import static dev.lanes.kernel.vector.VectorDoubles.F;
import static dev.lanes.kernel.vector.VectorDoubles.HALVES;
import static jdk.incubator.vector.VectorOperators.F2D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * Sums over one row of floats in double lanes, two or four accumulators each (to overlap the add latency), for
 * LayerNorm's statistics and gradient. Each is its own small loop: a vector chosen by a branch inside a loop is what
 * C2 boxes.
 */
final class VectorRowSums {

    private VectorRowSums() {
    }

    /** Σ a[off + j] for j in [0, n); four accumulators, as the forward pass reads every row through it. */
    static double sum(float[] a, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        DoubleVector s2 = DoubleVector.zero(D);
        DoubleVector s3 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 4 * DL <= n; j += 4 * DL) {
            s0 = s0.add((DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0));
            s1 = s1.add((DoubleVector) FloatVector.fromArray(F, a, off + j + DL).convertShape(F2D, D, 0));
            s2 = s2.add((DoubleVector) FloatVector.fromArray(F, a, off + j + 2 * DL).convertShape(F2D, D, 0));
            s3 = s3.add((DoubleVector) FloatVector.fromArray(F, a, off + j + 3 * DL).convertShape(F2D, D, 0));
        }
        for (; j + DL <= n; j += DL) {
            s0 = s0.add((DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0));
        }
        DoubleVector v = s0.add(s1).add(s2.add(s3)); // in place: a vector passed to a helper C2 did not inline is boxed
        for (VectorShuffle<Double> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        double s = v.lane(0);
        for (; j < n; j++) {
            s += a[off + j];
        }
        return s;
    }

    /** Σ (x[off + j] - m)² for j in [0, n); four accumulators, as {@link #sum}. */
    static double squaredDistances(float[] x, int off, int n, double m) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        DoubleVector s2 = DoubleVector.zero(D);
        DoubleVector s3 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 4 * DL <= n; j += 4 * DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0)).sub(m);
            DoubleVector d1 = ((DoubleVector) FloatVector.fromArray(F, x, off + j + DL).convertShape(F2D, D, 0)).sub(m);
            DoubleVector d2 = ((DoubleVector) FloatVector.fromArray(F, x, off + j + 2 * DL).convertShape(F2D, D, 0))
                    .sub(m);
            DoubleVector d3 = ((DoubleVector) FloatVector.fromArray(F, x, off + j + 3 * DL).convertShape(F2D, D, 0))
                    .sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        for (; j + DL <= n; j += DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0)).sub(m);
            s0 = d0.fma(d0, s0);
        }
        DoubleVector v = s0.add(s1).add(s2.add(s3)); // in place: a vector passed to a helper C2 did not inline is boxed
        for (VectorShuffle<Double> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        double s = v.lane(0);
        for (; j < n; j++) {
            double d = x[off + j] - m;
            s += d * d;
        }
        return s;
    }

    /** Σ a[off + j]·w[j] for j in [0, n). */
    static double dot(float[] a, int off, float[] w, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 2 * DL <= n; j += 2 * DL) {
            DoubleVector a0 = (DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0);
            DoubleVector a1 = (DoubleVector) FloatVector.fromArray(F, a, off + j + DL).convertShape(F2D, D, 0);
            s0 = a0.fma((DoubleVector) FloatVector.fromArray(F, w, j).convertShape(F2D, D, 0), s0);
            s1 = a1.fma((DoubleVector) FloatVector.fromArray(F, w, j + DL).convertShape(F2D, D, 0), s1);
        }
        for (; j + DL <= n; j += DL) {
            DoubleVector a0 = (DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0);
            s0 = a0.fma((DoubleVector) FloatVector.fromArray(F, w, j).convertShape(F2D, D, 0), s0);
        }
        DoubleVector v = s0.add(s1); // summed in place: a vector passed to a helper C2 did not inline is boxed
        for (VectorShuffle<Double> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        double s = v.lane(0);
        for (; j < n; j++) {
            s += (double) a[off + j] * w[j];
        }
        return s;
    }

    /** Σ a[off + j]·(x[off + j] - m) for j in [0, n). */
    static double centredDot(float[] a, float[] x, int off, int n, double m) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 2 * DL <= n; j += 2 * DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0)).sub(m);
            DoubleVector d1 = ((DoubleVector) FloatVector.fromArray(F, x, off + j + DL).convertShape(F2D, D, 0))
                    .sub(m);
            s0 = d0.fma((DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0), s0);
            s1 = d1.fma((DoubleVector) FloatVector.fromArray(F, a, off + j + DL).convertShape(F2D, D, 0), s1);
        }
        for (; j + DL <= n; j += DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0)).sub(m);
            s0 = d0.fma((DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0), s0);
        }
        DoubleVector v = s0.add(s1); // summed in place: a vector passed to a helper C2 did not inline is boxed
        for (VectorShuffle<Double> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        double s = v.lane(0);
        for (; j < n; j++) {
            s += a[off + j] * (x[off + j] - m);
        }
        return s;
    }

    /** Σ a[off + j]·w[j]·(x[off + j] - m) for j in [0, n). */
    static double weightedCentredDot(float[] a, float[] w, float[] x, int off, int n, double m) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 2 * DL <= n; j += 2 * DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0)).sub(m);
            DoubleVector d1 = ((DoubleVector) FloatVector.fromArray(F, x, off + j + DL).convertShape(F2D, D, 0))
                    .sub(m);
            DoubleVector a0 = (DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0);
            DoubleVector a1 = (DoubleVector) FloatVector.fromArray(F, a, off + j + DL).convertShape(F2D, D, 0);
            DoubleVector aw0 = a0.mul((DoubleVector) FloatVector.fromArray(F, w, j).convertShape(F2D, D, 0));
            DoubleVector aw1 = a1.mul((DoubleVector) FloatVector.fromArray(F, w, j + DL).convertShape(F2D, D, 0));
            s0 = d0.fma(aw0, s0);
            s1 = d1.fma(aw1, s1);
        }
        for (; j + DL <= n; j += DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(F2D, D, 0)).sub(m);
            DoubleVector a0 = (DoubleVector) FloatVector.fromArray(F, a, off + j).convertShape(F2D, D, 0);
            s0 = d0.fma(a0.mul((DoubleVector) FloatVector.fromArray(F, w, j).convertShape(F2D, D, 0)), s0);
        }
        DoubleVector v = s0.add(s1); // summed in place: a vector passed to a helper C2 did not inline is boxed
        for (VectorShuffle<Double> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        double s = v.lane(0);
        for (; j < n; j++) {
            s += (double) a[off + j] * w[j] * (x[off + j] - m);
        }
        return s;
    }
}
