package dev.lanes.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Joining and cutting tensors and adding or removing size-1 dimensions: {@code cat}, {@code stack},
 * {@code narrow}, {@code split}, {@code unsqueeze}, {@code squeeze}. Like {@link MatrixOps#reshape}, each result is a new tensor (a copy), not a view.
 */
final class ShapeOps {

    private ShapeOps() {
    }

    /** The tensors joined along {@code dim}; every other dimension must agree (PyTorch's {@code torch.cat}). */
    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected at least one tensor");
        }
        Tensor[] inputs = tensors.toArray(Tensor[]::new);
        int[] first = inputs[0].shapeRef();
        if (first.length == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be joined; use stack");
        }
        int d = Shapes.checkDim("cat", dim, first.length);
        int[] shape = first.clone();
        shape[d] = 0;
        for (int t = 0; t < inputs.length; t++) {
            int[] s = inputs[t].shapeRef();
            if (s.length != first.length) {
                throw new IllegalArgumentException("cat: tensor " + t + " has shape " + Shapes.str(s)
                        + " but tensor 0 has " + Shapes.str(first) + " (same number of dimensions needed)");
            }
            for (int i = 0; i < s.length; i++) {
                if (i != d && s[i] != first[i]) {
                    throw new IllegalArgumentException("cat: tensor " + t + " has shape " + Shapes.str(s)
                            + " but tensor 0 has " + Shapes.str(first) + "; only dimension " + d + " may differ");
                }
            }
            shape[d] += s[d];
        }
        int outer = Reductions.product(first, 0, d);
        int inner = Reductions.product(first, d + 1, first.length);
        int outRow = shape[d] * inner; // floats per outer index in the result
        float[] out = new float[Shapes.numel(shape)];
        int[] starts = new int[inputs.length]; // where each input's block begins inside an outer row of the result
        for (int t = 0, at = 0; t < inputs.length; t++) {
            starts[t] = at;
            int block = inputs[t].shapeRef()[d] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(inputs[t].data, o * block, out, o * outRow + at, block);
            }
            at += block;
        }
        boolean records = false;
        for (Tensor t : inputs) {
            records |= Tensor.records(t);
        }
        if (!records) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node("CatBackward", Node.Saved.NOTHING, inputs) {
            @Override
            void backward(float[] g) {
                for (int t = 0; t < inputs.length; t++) {
                    float[] gt = Autograd.gradOf(inputs[t]);
                    if (gt == null) {
                        continue;
                    }
                    int block = inputs[t].shapeRef()[d] * inner;
                    for (int o = 0; o < outer; o++) {
                        int src = o * outRow + starts[t];
                        for (int i = 0; i < block; i++) {
                            gt[o * block + i] += g[src + i];
                        }
                    }
                }
            }
        });
    }

    /** The tensors, all of one shape, joined along a new dimension {@code dim} (PyTorch's {@code torch.stack}). */
    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor");
        }
        int[] first = tensors.get(0).shapeRef();
        int d = Shapes.checkNewDim("stack", dim, first.length);
        for (int t = 1; t < tensors.size(); t++) {
            if (!Shapes.same(tensors.get(t).shapeRef(), first)) {
                throw new IllegalArgumentException("stack: tensor " + t + " has shape "
                        + Shapes.str(tensors.get(t).shapeRef()) + " but tensor 0 has " + Shapes.str(first)
                        + " (all must have one shape)");
            }
        }
        return cat(tensors.stream().map(t -> unsqueeze(t, d)).toList(), d);
    }

    /**
     * {@code length} entries of dimension {@code dim} from {@code start} (PyTorch's {@code narrow}; a copy; a negative
     * start counts from the end): e.g. a mini-batch of rows, {@code x.narrow(0, from, batch)}.
     */
    static Tensor narrow(Tensor a, int dim, int start, int length) {
        int[] s = a.shapeRef();
        if (s.length == 0) {
            throw new IllegalArgumentException("narrow: a zero-dimensional tensor has no dimension to narrow");
        }
        int d = Shapes.checkDim("narrow", dim, s.length);
        if (start < -s[d]) {
            throw new IllegalArgumentException("narrow: start " + start + " is out of range for dimension " + dim
                    + " of size " + s[d] + " (expected " + -s[d] + " to " + s[d] + "; negative counts from the end)");
        }
        int from = start < 0 ? start + s[d] : start; // PyTorch counts a negative start from the end
        if (length < 0 || from > s[d] - length) {
            throw new IllegalArgumentException("narrow: entries [" + from + ", " + ((long) from + length)
                    + ") are outside dimension " + dim + " of size " + s[d] + " (shape " + Shapes.str(s) + ")");
        }
        int outer = Reductions.product(s, 0, d);
        int inner = Reductions.product(s, d + 1, s.length);
        int[] shape = s.clone();
        shape[d] = length;
        int block = length * inner;
        int row = s[d] * inner;
        float[] out = new float[outer * block];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(a.data, o * row + from * inner, out, o * block, block);
        }
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node("NarrowBackward", Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                for (int o = 0; o < outer; o++) {
                    int at = o * row + from * inner;
                    for (int i = 0; i < block; i++) {
                        ga[at + i] += g[o * block + i];
                    }
                }
            }
        });
    }

    /** Consecutive pieces of {@code size} entries along {@code dim}, the last one shorter if need be (torch.split). */
    static List<Tensor> split(Tensor a, int size, int dim) {
        int[] s = a.shapeRef();
        if (s.length == 0) {
            throw new IllegalArgumentException("split: a zero-dimensional tensor has no dimension to split");
        }
        int d = Shapes.checkDim("split", dim, s.length);
        if (size < 1) {
            throw new IllegalArgumentException("split: size must be at least 1, got " + size);
        }
        List<Tensor> pieces = new ArrayList<>();
        for (int from = 0; from < s[d]; from += size) {
            pieces.add(narrow(a, d, from, Math.min(size, s[d] - from)));
        }
        return pieces;
    }

    /** A size-1 dimension inserted at {@code dim} (from 0 to the rank, negative counting from the end). */
    static Tensor unsqueeze(Tensor a, int dim) {
        int[] s = a.shapeRef();
        int d = Shapes.checkNewDim("unsqueeze", dim, s.length);
        int[] shape = new int[s.length + 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            shape[i] = i == d ? 1 : s[j++];
        }
        return MatrixOps.reshape(a, shape);
    }

    /** Dimension {@code dim} removed if its size is 1 (else the shape is kept, as PyTorch). */
    static Tensor squeeze(Tensor a, int dim) {
        int[] s = a.shapeRef();
        if (s.length == 0) {
            return MatrixOps.reshape(a, s);
        }
        int d = Shapes.checkDim("squeeze", dim, s.length);
        if (s[d] != 1) {
            return MatrixOps.reshape(a, s);
        }
        int[] shape = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != d) {
                shape[j++] = s[i];
            }
        }
        return MatrixOps.reshape(a, shape);
    }

    /** Every size-1 dimension removed. */
    static Tensor squeeze(Tensor a) {
        int[] s = a.shapeRef();
        return MatrixOps.reshape(a, java.util.Arrays.stream(s).filter(n -> n != 1).toArray());
    }
}
