package dev.lanes.tensor;

/** Transpose and reshape (the matrix products are in {@link MatmulOps}). */
final class MatrixOps {

    private MatrixOps() {
    }

    static Tensor transpose(Tensor a) {
        int[] s = a.shapeRef();
        if (s.length < 2) { // as PyTorch's t(): a 0-D or 1-D tensor is its own transpose
            return reshape(a, s);
        }
        if (s.length != 2) {
            throw new IllegalArgumentException("transpose: expected a tensor of at most 2 dimensions, got shape "
                    + Shapes.str(s));
        }
        int rows = s[0];
        int cols = s[1];
        float[] out = transposed(a.data, rows, cols);
        int[] shape = {cols, rows};
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node("TransposeBackward", Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                float[] back = transposed(g, cols, rows);
                for (int i = 0; i < back.length; i++) {
                    ga[i] += back[i];
                }
            }
        });
    }

    private static float[] transposed(float[] x, int rows, int cols) {
        float[] out = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = x[r * cols + c];
            }
        }
        return out;
    }

    static Tensor reshape(Tensor a, int[] requested) {
        int[] shape = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid shape " + Shapes.str(requested)
                        + " for a tensor of shape " + Shapes.str(a.shapeRef())
                        + " (only one dimension may be -1, none may be below it)");
            } else {
                known *= shape[i];
            }
        }
        if (inferred >= 0 && known > 0 && a.numel() % known == 0) {
            shape[inferred] = (int) (a.numel() / known);
        }
        if (inferred >= 0 && shape[inferred] == -1 || Shapes.numel(shape) != a.numel()) {
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(requested) + " is invalid for a tensor "
                    + "of shape " + Shapes.str(a.shapeRef()) + " (" + a.numel() + " elements)");
        }
        float[] out = a.data.clone();
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node("ReshapeBackward", Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i];
                }
            }
        });
    }
}
