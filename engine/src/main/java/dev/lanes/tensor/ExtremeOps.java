package dev.lanes.tensor;

/**
 * Largest and smallest values: {@code max}/{@code min} along a dimension (values; the gradient goes to the one
 * element {@code argmax} names, as PyTorch routes it to the index it returns), over all elements (the gradient
 * shared evenly by all elements equal to the result, as PyTorch), and {@code argmax}/{@code argmin}. A NaN counts as more extreme
 * than any number, so it propagates, and among equal values the first wins, as in PyTorch.
 */
final class ExtremeOps {

    enum Extreme {
        MAX("max", "MaxBackward"), MIN("min", "MinBackward");

        final String opName;
        final String backwardName;

        Extreme(String opName, String backwardName) {
            this.opName = opName;
            this.backwardName = backwardName;
        }

        /** Whether v replaces the current best: strictly more extreme, or NaN. */
        boolean beats(float v, float best) {
            return (this == MAX ? v > best : v < best) || Float.isNaN(v);
        }
    }

    private ExtremeOps() {
    }

    /** The values of {@link #positions} along {@code dim}; backward routes each gradient to its position. */
    static Tensor along(Extreme e, Tensor a, int dim, boolean keepDim) {
        int[] shape = a.shapeRef();
        if (Shapes.reducesScalar(shape, dim)) {
            return along(e, a.reshape(1), 0, false);
        }
        int d = Shapes.checkDim(e.opName, dim, shape.length);
        return IndexOps.take(a, positions(e.opName, e, a, d), Reductions.reducedShape(shape, d, keepDim),
                e.backwardName);
    }

    /** Index along {@code dim} of the most extreme value (the first of equal ones), as floats; not differentiable. */
    static Tensor index(Extreme e, Tensor a, int dim, boolean keepDim) {
        String op = "arg" + e.opName;
        int[] shape = a.shapeRef();
        if (Shapes.reducesScalar(shape, dim)) {
            return index(e, a.reshape(1), 0, false);
        }
        int d = Shapes.checkDim(op, dim, shape.length);
        int len = shape[d];
        int inner = Reductions.product(shape, d + 1, shape.length);
        int[] at = positions(op, e, a, d);
        float[] out = new float[at.length];
        for (int p = 0; p < at.length; p++) {
            out[p] = (at[p] / inner) % len;
        }
        return Tensor.unrecorded(out, Reductions.reducedShape(shape, d, keepDim));
    }

    /** The flat (row-major) index of the most extreme of all values, a 0-D tensor: PyTorch's argmax() without dim. */
    static Tensor index(Extreme e, Tensor a) {
        return index(e, a.reshape(a.numel()), 0, false);
    }

    /** For each slice along dimension {@code d}, the flat position in a of its first most extreme element. */
    private static int[] positions(String op, Extreme e, Tensor a, int d) {
        int[] shape = a.shapeRef();
        int len = shape[d];
        if (len == 0) {
            throw new IllegalArgumentException(op + ": dimension " + d + " of shape " + Shapes.str(shape)
                    + " is empty");
        }
        int outer = Reductions.product(shape, 0, d);
        int inner = Reductions.product(shape, d + 1, shape.length);
        float[] x = a.data;
        int[] at = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = o * len * inner + i;
                for (int l = 1; l < len && !Float.isNaN(x[best]); l++) {
                    int p = (o * len + l) * inner + i;
                    if (e.beats(x[p], x[best])) {
                        best = p;
                    }
                }
                at[o * inner + i] = best;
            }
        }
        return at;
    }

    /** The most extreme of all elements, as a 0-d tensor; its gradient is shared evenly by every equal element. */
    static Tensor all(Extreme e, Tensor a) {
        float[] x = a.data;
        if (x.length == 0) {
            throw new IllegalArgumentException(e.opName + "(): the tensor has no elements (shape "
                    + Shapes.str(a.shapeRef()) + "); there is no " + e.opName + " to return");
        }
        float best = x[0];
        for (int p = 1; p < x.length && !Float.isNaN(best); p++) {
            if (e.beats(x[p], best)) {
                best = x[p];
            }
        }
        float[] out = {best};
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, new int[0]);
        }
        int ties = 0;
        for (float v : x) {
            ties += same(v, best) ? 1 : 0;
        }
        int[] tied = new int[ties]; // kept, so that the backward reads nothing a later in-place update can change
        for (int p = 0, t = 0; p < x.length; p++) {
            if (same(x[p], best)) {
                tied[t++] = p;
            }
        }
        return Tensor.recorded(out, new int[0], new Node(e.backwardName, Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                float share = g[0] / tied.length;
                for (int p : tied) {
                    ga[p] += share;
                }
            }
        });
    }

    /** Equal, a NaN matching a NaN (the ties of a NaN result). */
    private static boolean same(float v, float best) {
        return v == best || Float.isNaN(v) && Float.isNaN(best);
    }
}
