package dev.lanes.tensor;

import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;
import java.util.Arrays;

/**
 * Matrix products as PyTorch's {@code torch.matmul}, {@code mm} and {@code bmm}, every product on the active
 * {@link Kernel}'s GEMMs.
 *
 * <p>The operands are read as stacks of matrices: a 1-D a is one row {@code [1, K]} and a 1-D b one column
 * {@code [K, 1]} (that dimension is dropped from the result again); the dimensions before the last two are batch
 * dimensions, broadcast. When b holds a single matrix (b 1-D or 2-D, or each batch dimension 1), a's matrices are
 * rows stacked on each other: one GEMM {@code [batches·M, K]·[K, N]} forward and one per gradient, which is the
 * whole of the 2-D case. Otherwise each batch is a GEMM of its own, on its matrices where they lie (the kernels'
 * offset overloads): nothing is copied, and a gradient is added straight into its matrix.
 */
final class MatmulOps {

    private static final int[] NO_BATCH = {};

    private MatmulOps() {
    }

    /** {@code torch.mm}: both operands 2-D. */
    static Tensor mm(Tensor a, Tensor b) {
        if (a.shapeRef().length != 2 || b.shapeRef().length != 2) {
            throw new IllegalArgumentException("mm: both operands must be 2-D, got shapes " + Shapes.str(a.shapeRef())
                    + " and " + Shapes.str(b.shapeRef()));
        }
        return matmul("mm", a, b);
    }

    /** {@code torch.bmm}: both operands 3-D with the same batch size (no broadcasting). */
    static Tensor bmm(Tensor a, Tensor b) {
        int[] as = a.shapeRef();
        int[] bs = b.shapeRef();
        if (as.length != 3 || bs.length != 3) {
            throw new IllegalArgumentException("bmm: both operands must be 3-D, got shapes " + Shapes.str(as)
                    + " and " + Shapes.str(bs));
        }
        if (as[0] != bs[0]) {
            throw new IllegalArgumentException("bmm: shapes " + Shapes.str(as) + " and " + Shapes.str(bs)
                    + " have different batch sizes (" + as[0] + " != " + bs[0] + "; bmm does not broadcast)");
        }
        return matmul("bmm", a, b);
    }

    /** {@code torch.matmul}: 1-D to N-D operands, batch dimensions broadcast. */
    static Tensor matmul(Tensor a, Tensor b) {
        return matmul("matmul", a, b);
    }

    private static Tensor matmul(String op, Tensor a, Tensor b) {
        int[] as = a.shapeRef();
        int[] bs = b.shapeRef();
        if (as.length == 0 || bs.length == 0) {
            throw new IllegalArgumentException(op + ": both operands must be at least 1-D, got shapes "
                    + Shapes.str(as) + " and " + Shapes.str(bs));
        }
        if (as.length == 2 && bs.length == 2) { // the commonest case, with nothing to work out: as fast as mm was
            if (as[1] != bs[0]) {
                throw innerSizes(op, as, bs, as[1], bs[0]);
            }
            return stacked(a, b, as[0], as[1], bs[1], new int[] {as[0], bs[1]}, "MmBackward");
        }
        int m = as.length == 1 ? 1 : as[as.length - 2];
        int k = as[as.length - 1];
        int kb = bs.length == 1 ? bs[0] : bs[bs.length - 2];
        int n = bs.length == 1 ? 1 : bs[bs.length - 1];
        if (k != kb) {
            throw innerSizes(op, as, bs, k, kb);
        }
        int[] aBatch = batchDims(as);
        int[] bBatch = batchDims(bs);
        int[] batch = aBatch.length == 0 ? bBatch : bBatch.length == 0 ? aBatch
                : Shapes.broadcast(op + ": batch dimensions of " + Shapes.str(as) + " and " + Shapes.str(bs),
                        aBatch, bBatch);
        int[] shape = resultShape(batch, as.length > 1 ? m : -1, bs.length > 1 ? n : -1);
        String node = nodeName(as.length, bs.length);
        if (Shapes.numel(bBatch) == 1) {
            return stacked(a, b, Shapes.numel(aBatch) * m, k, n, shape, node);
        }
        return batched(a, b, new Batches(BroadcastIndex.of(aBatch, batch), BroadcastIndex.of(bBatch, batch),
                Shapes.numel(batch), m, k, n), shape, node);
    }

    /** A's matrices as {@code rows} stacked rows times b's one matrix: C[rows, N] = A[rows, K]·B[K, N]. */
    private static Tensor stacked(Tensor a, Tensor b, int rows, int k, int n, int[] shape, String node) {
        float[] out = new float[rows * n];
        Kernels.get().matmul(a.data, b.data, out, rows, k, n, false);
        if (!Tensor.records(a, b)) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node(node, Node.Saved.INPUTS, a, b) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                float[] gb = Autograd.gradOf(b);
                if (ga != null) { // dA += dC · Bᵀ
                    Kernels.get().matmulTransB(g, b.data, ga, rows, n, k, true);
                }
                if (gb != null) { // dB += Aᵀ · dC, summed over a's stacked matrices as one GEMM
                    Kernels.get().matmulTransA(a.data, g, gb, k, rows, n, true);
                }
            }
        });
    }

    private static Tensor batched(Tensor a, Tensor b, Batches p, int[] shape, String node) {
        Kernel kernel = Kernels.get();
        float[] out = new float[Shapes.numel(shape)]; // numel refuses a result past 2³¹ - 1 elements
        for (int i = 0; i < p.count; i++) {
            kernel.matmul(a.data, p.aOffset(i), b.data, p.bOffset(i), out, p.cOffset(i), p.m, p.k, p.n, false);
        }
        if (!Tensor.records(a, b)) {
            return Tensor.unrecorded(out, shape);
        }
        return Tensor.recorded(out, shape, new Node(node, Node.Saved.INPUTS, a, b) {
            @Override
            void backward(float[] g) {
                float[] ga = Autograd.gradOf(a);
                float[] gb = Autograd.gradOf(b);
                Kernel kernel = Kernels.get();
                // A matrix broadcast over batches gets the sum of their gradients: each batch adds its share.
                for (int i = 0; i < p.count; i++) {
                    if (ga != null) { // dA_i += dC_i · B_iᵀ
                        kernel.matmulTransB(g, p.cOffset(i), b.data, p.bOffset(i), ga, p.aOffset(i), p.m, p.n, p.k,
                                true);
                    }
                    if (gb != null) { // dB_i += A_iᵀ · dC_i
                        kernel.matmulTransA(a.data, p.aOffset(i), g, p.cOffset(i), gb, p.bOffset(i), p.k, p.m, p.n,
                                true);
                    }
                }
            }
        });
    }

    /** The per-batch plan: which matrix of a and of b batch i reads ({@code null}: the i-th), and the sizes. */
    private record Batches(int[] aIndex, int[] bIndex, int count, int m, int k, int n) {

        /** Where batch i's matrix of a starts in a's data (and its gradient in a's gradient). */
        int aOffset(int i) {
            return (aIndex == null ? i : aIndex[i]) * m * k;
        }

        /** Where batch i's matrix of b starts in b's data (and its gradient in b's gradient). */
        int bOffset(int i) {
            return (bIndex == null ? i : bIndex[i]) * k * n;
        }

        /** Where batch i's result starts in the output (and its gradient in the output's gradient). */
        int cOffset(int i) {
            return i * m * n;
        }
    }

    private static IllegalArgumentException innerSizes(String op, int[] as, int[] bs, int k, int kb) {
        return new IllegalArgumentException(op + ": shapes " + Shapes.str(as) + " and " + Shapes.str(bs)
                + " cannot be multiplied (" + k + " != " + kb + ")");
    }

    /** The dimensions before the matrix ones: none for a 1-D or 2-D shape. */
    private static int[] batchDims(int[] shape) {
        return shape.length <= 2 ? NO_BATCH : Arrays.copyOf(shape, shape.length - 2);
    }

    /** The batch dimensions, then M and N unless the operand they come from was 1-D ({@code -1}). */
    private static int[] resultShape(int[] batch, int m, int n) {
        int rank = batch.length + (m >= 0 ? 1 : 0) + (n >= 0 ? 1 : 0);
        int[] shape = Arrays.copyOf(batch, rank);
        if (n >= 0) {
            shape[rank - 1] = n;
        }
        if (m >= 0) {
            shape[rank - (n >= 0 ? 2 : 1)] = m;
        }
        return shape;
    }

    /**
     * The node's name: PyTorch's (without its version suffix) for dot, mv and 3-D by 3-D; "MatmulBackward" for the
     * other batched cases, where PyTorch records the reshapes that its matmul is composed of.
     */
    private static String nodeName(int aRank, int bRank) {
        if (aRank == 1 && bRank == 1) {
            return "DotBackward";
        }
        if (aRank == 2 && bRank == 1) {
            return "MvBackward";
        }
        return aRank == 3 && bRank == 3 ? "BmmBackward" : "MatmulBackward";
    }
}
