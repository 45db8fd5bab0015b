package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.VectorDoubles.D;
import static dev.lanes.kernel.vector.VectorDoubles.DL;
import static dev.lanes.kernel.vector.VectorDoubles.load;
import static dev.lanes.kernel.vector.VectorDoubles.sumLanes;

import jdk.incubator.vector.DoubleVector;

/**
 * Sums over one row of floats in double lanes, two accumulators each (to overlap the add latency), for LayerNorm's
 * statistics and gradient. Each is its own small loop: a vector chosen by a branch inside a loop is what C2 boxes.
 */
final class VectorRowSums {

    private VectorRowSums() {
    }

    /** Σ a[off + j] for j in [0, n). */
    static double sum(float[] a, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 2 * DL <= n; j += 2 * DL) {
            s0 = s0.add(load(a, off + j));
            s1 = s1.add(load(a, off + j + DL));
        }
        for (; j + DL <= n; j += DL) {
            s0 = s0.add(load(a, off + j));
        }
        double s = sumLanes(s0.add(s1));
        for (; j < n; j++) {
            s += a[off + j];
        }
        return s;
    }

    /** Σ (x[off + j] - m)² for j in [0, n). */
    static double squaredDistances(float[] x, int off, int n, double m) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int j = 0;
        for (; j + 2 * DL <= n; j += 2 * DL) {
            DoubleVector d0 = load(x, off + j).sub(m);
            DoubleVector d1 = load(x, off + j + DL).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; j + DL <= n; j += DL) {
            DoubleVector d0 = load(x, off + j).sub(m);
            s0 = d0.fma(d0, s0);
        }
        double s = sumLanes(s0.add(s1));
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
            s0 = load(a, off + j).fma(load(w, j), s0);
            s1 = load(a, off + j + DL).fma(load(w, j + DL), s1);
        }
        for (; j + DL <= n; j += DL) {
            s0 = load(a, off + j).fma(load(w, j), s0);
        }
        double s = sumLanes(s0.add(s1));
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
            s0 = load(a, off + j).fma(load(x, off + j).sub(m), s0);
            s1 = load(a, off + j + DL).fma(load(x, off + j + DL).sub(m), s1);
        }
        for (; j + DL <= n; j += DL) {
            s0 = load(a, off + j).fma(load(x, off + j).sub(m), s0);
        }
        double s = sumLanes(s0.add(s1));
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
            s0 = load(a, off + j).mul(load(w, j)).fma(load(x, off + j).sub(m), s0);
            s1 = load(a, off + j + DL).mul(load(w, j + DL)).fma(load(x, off + j + DL).sub(m), s1);
        }
        for (; j + DL <= n; j += DL) {
            s0 = load(a, off + j).mul(load(w, j)).fma(load(x, off + j).sub(m), s0);
        }
        double s = sumLanes(s0.add(s1));
        for (; j < n; j++) {
            s += (double) a[off + j] * w[j] * (x[off + j] - m);
        }
        return s;
    }
}
