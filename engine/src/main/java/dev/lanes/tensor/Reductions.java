package dev.lanes.tensor;

import dev.lanes.kernel.BlockedRowSums;
import dev.lanes.kernel.Kernels;
import dev.lanes.kernel.ScalarKernel;

/** Sums (means are sums divided by a count, composed in {@link Tensor}). */
final class Reductions {

    private static final int[] SCALAR = {}; // the shape of a 0-d result; shape arrays are never written

    private Reductions() {
    }

    static Tensor sumAll(Tensor a) {
        float[] x = a.data;
        float[] total = {Kernels.get().sum(x, x.length)};
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(total, SCALAR);
        }
        return Tensor.recorded(total, SCALAR, new Node("SumBackward", Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                for (int i = 0; i < ga.length; i++) {
                    ga[i] += g[0];
                }
            }
        });
    }

    static Tensor sumDim(Tensor a, int dim, boolean keepDim) {
        int[] shape = a.shapeRef();
        if (Shapes.reducesScalar(shape, dim)) {
            return sumDim(a.reshape(1), 0, false);
        }
        int d = Shapes.checkDim("sum", dim, shape.length);
        int len = shape[d];
        int outer = product(shape, 0, d);
        int inner = product(shape, d + 1, shape.length);
        float[] out = len <= ScalarKernel.SUM_BLOCK ? rowSums(a.data, outer, len, inner)
                : doubleRowSums(a.data, outer, len, inner);
        int[] outShape = reducedShape(shape, d, keepDim);
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, outShape);
        }
        return Tensor.recorded(out, outShape, new Node("SumBackward", Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                for (int o = 0; o < outer; o++) {
                    for (int l = 0; l < len; l++) {
                        int dst = (o * len + l) * inner;
                        for (int i = 0; i < inner; i++) {
                            ga[dst + i] += g[o * inner + i];
                        }
                    }
                }
            }
        });
    }

    /** out[o, i] = Σ_l x[o, l, i], in float, l in order. */
    private static float[] rowSums(float[] x, int outer, int len, int inner) {
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < len; l++) {
                int src = (o * len + l) * inner;
                for (int i = 0; i < inner; i++) {
                    out[o * inner + i] += x[src + i];
                }
            }
        }
        return out;
    }

    /** {@link #rowSums} for a long reduced dimension, accumulated in double (float would drift: see SUM_BLOCK). */
    private static float[] doubleRowSums(float[] x, int outer, int len, int inner) {
        double[] totals = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < len; l++) {
                int src = (o * len + l) * inner;
                for (int i = 0; i < inner; i++) {
                    totals[o * inner + i] += x[src + i];
                }
            }
        }
        float[] out = new float[outer * inner];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) totals[k];
        }
        return out;
    }

    /**
     * Σ x[from + i*step] for i in [0, n) (a broadcast bias's gradient summed down a column of the batch): in float
     * up to {@link ScalarKernel#SUM_BLOCK} terms, as always; longer, float blocks of
     * {@link BlockedRowSums#BLOCK_ROWS} terms whose sums are added in double, as the kernels' long row sums.
     */
    static float stridedSum(float[] x, int from, int n, int step) {
        if (n <= ScalarKernel.SUM_BLOCK) {
            return floatSum(x, from, n, step);
        }
        double total = 0;
        for (int i = 0; i < n; i += BlockedRowSums.BLOCK_ROWS) {
            total += floatSum(x, from + i * step, Math.min(BlockedRowSums.BLOCK_ROWS, n - i), step);
        }
        return (float) total;
    }

    private static float floatSum(float[] x, int from, int n, int step) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += x[from + i * step];
        }
        return sum;
    }

    static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    static int[] reducedShape(int[] shape, int d, boolean keepDim) {
        if (keepDim) {
            int[] out = shape.clone();
            out[d] = 1;
            return out;
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
