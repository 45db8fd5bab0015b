package dev.lanes.kernel.vector;

import static dev.lanes.kernel.vector.MicroKernel.L;
import static dev.lanes.kernel.vector.MicroKernel.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Vector loops over array ranges: guard, vector body, scalar tail. */
final class VectorArrays {

    private VectorArrays() {
    }

    /** dst[dOff + i] += src[sOff + i] for i in [0, n). */
    static void addInto(float[] src, int sOff, float[] dst, int dOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, sOff + i))
                    .intoArray(dst, dOff + i);
        }
        for (; i < n; i++) { // scalar tail
            dst[dOff + i] += src[sOff + i];
        }
    }

    /** y[i] += alpha · x[i] for i in [0, n). */
    static void axpy(float alpha, float[] x, float[] y, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).fma(a, FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) { // scalar tail
            y[i] += alpha * x[i];
        }
    }

    /** Σ x[i] for i in [0, n), with two accumulators to hide the add latency; reduced once at the end. */
    static float sum(float[] x, int n) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        int bound2 = n - n % (2 * L);
        for (; i < bound2; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, i));
            acc1 = acc1.add(FloatVector.fromArray(S, x, i + L));
        }
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, i));
        }
        float total = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) { // scalar tail
            total += x[i];
        }
        return total;
    }
}
