package dev.lanes.tensor;

/**
 * Picking elements by index: {@code indexSelect} (torch.index_select) and {@code gather} (torch.gather). Both
 * work out which input element each output element copies, then share one {@link #take}: the forward copies, the
 * backward adds each output's gradient into the element it came from, so repeated indices add up.
 */
final class IndexOps {

    private IndexOps() {
    }

    /** Entries {@code indices} of dimension {@code dim}, in that order (repeats allowed). */
    static Tensor indexSelect(Tensor a, int dim, int[] indices) {
        int[] s = a.shapeRef();
        if (s.length == 0) {
            throw new IllegalArgumentException("indexSelect: a zero-dimensional tensor has no dimension to index");
        }
        int d = Shapes.checkDim("indexSelect", dim, s.length);
        for (int k = 0; k < indices.length; k++) {
            checkIndex("indexSelect", indices[k], "at position " + k, dim, s);
        }
        int len = s[d];
        int outer = Reductions.product(s, 0, d);
        int inner = Reductions.product(s, d + 1, s.length);
        int[] shape = s.clone();
        shape[d] = indices.length;
        int[] source = new int[Shapes.numel(shape)];
        for (int o = 0, p = 0; o < outer; o++) {
            for (int index : indices) {
                int from = (o * len + index) * inner;
                for (int i = 0; i < inner; i++) {
                    source[p++] = from + i;
                }
            }
        }
        return take(a, source, shape, "IndexSelectBackward");
    }

    /** The indices held by a 0-D or 1-D float tensor, for {@code indexSelect}. */
    static int[] indexVector(Tensor index) {
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: the index must be 0-D or 1-D, got shape "
                    + Shapes.str(index.shapeRef()));
        }
        return wholeNumbers("indexSelect", index);
    }

    /**
     * {@code out[p] = a[p with its coordinate along dim replaced by index[p]]}; the index has a's rank and, apart
     * from {@code dim}, no dimension larger than a's (torch.gather). The result has the index's shape.
     */
    static Tensor gather(Tensor a, int dim, Tensor index) {
        int[] s = a.shapeRef();
        int[] is = index.shapeRef();
        if (s.length == 0) {
            throw new IllegalArgumentException("gather: a zero-dimensional tensor has no dimension to index");
        }
        int d = Shapes.checkDim("gather", dim, s.length);
        if (is.length != s.length) {
            throw new IllegalArgumentException("gather: the index has shape " + Shapes.str(is) + " but the input "
                    + Shapes.str(s) + "; both need the same number of dimensions");
        }
        for (int k = 0; k < s.length; k++) {
            if (k != d && is[k] > s[k]) {
                throw new IllegalArgumentException("gather: the index's shape " + Shapes.str(is) + " is larger than "
                        + "the input's " + Shapes.str(s) + " at dimension " + k + " (only dimension " + dim
                        + " may be larger)");
            }
        }
        int[] values = wholeNumbers("gather", index);
        int rank = s.length;
        int[] stride = new int[rank];
        for (int k = rank - 1, st = 1; k >= 0; k--) {
            stride[k] = st;
            st *= s[k];
        }
        int[] source = new int[values.length];
        int[] coord = new int[rank];
        int base = 0; // Σ coord[k]·stride[k] over k != d: where the index's position lies in a, dim d left out
        for (int p = 0; p < values.length; p++) {
            if (values[p] < 0 || values[p] >= s[d]) {
                checkIndex("gather", values[p], "at index position " + Shapes.str(coord), dim, s);
            }
            source[p] = base + values[p] * stride[d];
            for (int k = rank - 1; k >= 0; k--) { // odometer over the index's shape
                coord[k]++;
                base += k == d ? 0 : stride[k];
                if (coord[k] < is[k]) {
                    break;
                }
                base -= k == d ? 0 : stride[k] * is[k];
                coord[k] = 0;
            }
        }
        return take(a, source, is, "GatherBackward");
    }

    /**
     * {@code out[p] = a[source[p]]} with the given shape; backward adds {@code g[p]} into {@code a[source[p]]}.
     * {@code source} is the op's own array, so nothing the caller changes later reaches the backward.
     */
    static Tensor take(Tensor a, int[] source, int[] shape, String backwardName) {
        float[] x = a.data;
        float[] out = new float[source.length];
        for (int p = 0; p < source.length; p++) {
            out[p] = x[source[p]];
        }
        if (!Tensor.records(a)) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node(backwardName, Node.Saved.NOTHING, a) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                for (int p = 0; p < source.length; p++) {
                    ga[source[p]] += g[p];
                }
            }
        });
    }

    /** An index tensor's values as ints, refusing any that is not a whole number. */
    private static int[] wholeNumbers(String op, Tensor index) {
        float[] v = index.data;
        int[] out = new int[v.length];
        for (int p = 0; p < v.length; p++) {
            if (v[p] != Math.rint(v[p]) || Float.isInfinite(v[p])) { // NaN fails the first test
                throw new IllegalArgumentException(op + ": the index holds " + v[p] + " at flat position " + p
                        + "; indices must be whole numbers");
            }
            // beyond the int range is out of range of every dimension: saturate so that the range check says so
            out[p] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) v[p]));
        }
        return out;
    }

    private static void checkIndex(String op, int index, String where, int dim, int[] shape) {
        int size = shape[Shapes.checkDim(op, dim, shape.length)];
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " " + where + " is out of range for "
                    + "dimension " + dim + " of size " + size + " (input shape " + Shapes.str(shape) + ")");
        }
    }
}
