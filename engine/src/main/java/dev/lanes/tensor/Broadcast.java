package dev.lanes.tensor;

import java.util.Arrays;

/**
 * How two operands are read under NumPy broadcasting, as rows of a {@code [rows, cols]} output: row {@code r}
 * of the output reads operand a from {@link #rowA(int)} with step {@code stepA} (0 or 1), likewise for b.
 *
 * <p>Dimensions of size 1 are dropped and neighbours that both operands read contiguously are merged first,
 * so the common cases need no per-element index: equal shapes and scalars become one row, a bias row over a
 * matrix becomes {@code rows} rows with {@code rowB(r) = 0}. Row tables ({@code numel / cols} long) exist only
 * when more than one outer dimension remains after collapsing.
 *
 * <p>The ops loop over <em>walks</em>: {@link #walks} strided runs of {@link #walkLength} elements, starting at
 * {@link #outStart}, {@link #aStart}, {@link #bStart}. A walk is a row, or, when rows are shorter than there are
 * of them (a bias of 2 columns over 10 rows), a column: C2 spends more on entering a short loop than on its few
 * elements, so 2 walks of 10 beat 10 walks of 2. Each output element is visited once either way, and a
 * broadcast operand's elements are still summed over rows in row order, so the order changes no result.
 */
final class Broadcast {

    final int rows;
    final int cols;
    private final int[] rowA; // null when rows start at r * rowStepA (at most one outer dimension)
    private final int[] rowB;
    private final int rowStepA;
    private final int rowStepB;
    private final int stepA;
    private final int stepB;
    /** Walks go down columns: only without row tables, and when rows are shorter than they are many. */
    private final boolean byColumns;
    final int walks;
    final int walkLength;
    /** Steps within a walk: through the output, operand a and operand b. */
    final int outStep;
    final int aStep;
    final int bStep;

    private Broadcast(int rows, int cols, int[] rowA, int[] rowB, int rowStepA, int rowStepB, int stepA, int stepB) {
        this.rows = rows;
        this.cols = cols;
        this.rowA = rowA;
        this.rowB = rowB;
        this.rowStepA = rowStepA;
        this.rowStepB = rowStepB;
        this.stepA = stepA;
        this.stepB = stepB;
        this.byColumns = rowA == null && cols < rows;
        this.walks = byColumns ? cols : rows;
        this.walkLength = byColumns ? rows : cols;
        this.outStep = byColumns ? cols : 1;
        this.aStep = byColumns ? rowStepA : stepA;
        this.bStep = byColumns ? rowStepB : stepB;
    }

    /**
     * Whether b is one row read by every row of a full a ({@code x·W + b}, the commonest broadcast), walked down
     * columns: walk {@code j} reads b's element {@code j} only, and a's column {@code j} as the output's.
     */
    boolean bIsRowDownColumns() {
        return byColumns && rowStepA == cols && stepA == 1 && rowStepB == 0 && stepB == 1;
    }

    /** Where walk {@code w} starts in the output. */
    int outStart(int w) {
        return byColumns ? w : w * cols;
    }

    /** Where walk {@code w} starts in operand a. */
    int aStart(int w) {
        return byColumns ? w * stepA : rowA(w);
    }

    /** Where walk {@code w} starts in operand b. */
    int bStart(int w) {
        return byColumns ? w * stepB : rowB(w);
    }

    /** Where row {@code r} of the output starts reading operand a. */
    private int rowA(int r) {
        return rowA == null ? r * rowStepA : rowA[r];
    }

    /** Where row {@code r} of the output starts reading operand b. */
    private int rowB(int r) {
        return rowB == null ? r * rowStepB : rowB[r];
    }

    /** The plan for operands of shapes {@code a} and {@code b} read as {@code out} (their broadcast shape). */
    static Broadcast of(int[] a, int[] b, int[] out) {
        int n = Shapes.numel(out);
        boolean aFull = Arrays.equals(a, out);
        boolean bFull = Arrays.equals(b, out);
        if ((aFull || Shapes.numel(a) == 1) && (bFull || Shapes.numel(b) == 1) && n > 0) { // no tables needed
            return new Broadcast(1, n, null, null, 0, 0, aFull ? 1 : 0, bFull ? 1 : 0);
        }
        if (out.length == 2 && n > 0) { // a bias row over a matrix, the commonest broadcast: no collapse needed
            int rows = out[0];
            int cols = out[1];
            if (aFull && isRow(b, cols)) {
                return new Broadcast(rows, cols, null, null, cols, 0, 1, 1);
            }
            if (bFull && isRow(a, cols)) {
                return new Broadcast(rows, cols, null, null, 0, cols, 1, 1);
            }
        }
        return collapsed(a, b, out);
    }

    /** Whether {@code shape} is {@code [cols]} or {@code [1, cols]}. */
    private static boolean isRow(int[] shape, int cols) {
        return shape.length == 1 ? shape[0] == cols : shape.length == 2 && shape[0] == 1 && shape[1] == cols;
    }

    private static Broadcast collapsed(int[] a, int[] b, int[] out) {
        int[] dims = new int[out.length];
        int[] ca = new int[out.length];
        int[] cb = new int[out.length];
        // strides of a and b read as out (0 where an operand has size 1), right to left, no other arrays
        int strideA = 1;
        int strideB = 1;
        for (int d = out.length - 1, da = a.length - 1, db = b.length - 1; d >= 0; d--, da--, db--) {
            int sizeA = da >= 0 ? a[da] : 1;
            int sizeB = db >= 0 ? b[db] : 1;
            ca[d] = sizeA == 1 ? 0 : strideA;
            cb[d] = sizeB == 1 ? 0 : strideB;
            strideA *= sizeA;
            strideB *= sizeB;
        }
        // collapse in place: drop size-1 dimensions, merge a dimension into the previous one when both strides
        // allow it (entry rank is written only after entry d >= rank was read)
        int rank = 0;
        for (int d = 0; d < out.length; d++) {
            int sa = ca[d];
            int sb = cb[d];
            if (out[d] == 1) {
                continue;
            }
            if (rank > 0 && ca[rank - 1] == sa * out[d] && cb[rank - 1] == sb * out[d]) {
                dims[rank - 1] *= out[d];
                ca[rank - 1] = sa;
                cb[rank - 1] = sb;
            } else {
                dims[rank] = out[d];
                ca[rank] = sa;
                cb[rank] = sb;
                rank++;
            }
        }
        if (rank == 0) { // every dimension is 1: a single element
            return new Broadcast(1, 1, null, null, 0, 0, 0, 0);
        }
        int cols = dims[rank - 1];
        int rows = cols == 0 ? 0 : Shapes.numel(out) / cols;
        if (rank <= 2) { // one outer dimension: row starts are a multiple of its stride, no tables needed
            int outerA = rank == 2 ? ca[0] : 0;
            int outerB = rank == 2 ? cb[0] : 0;
            return new Broadcast(rows, cols, null, null, outerA, outerB, ca[rank - 1], cb[rank - 1]);
        }
        int[] rowA = new int[rows];
        int[] rowB = new int[rows];
        int[] counter = new int[rank - 1];
        int offA = 0;
        int offB = 0;
        for (int r = 0; r < rows; r++) {
            rowA[r] = offA;
            rowB[r] = offB;
            for (int d = rank - 2; d >= 0; d--) { // odometer over the outer dimensions
                counter[d]++;
                offA += ca[d];
                offB += cb[d];
                if (counter[d] < dims[d]) {
                    break;
                }
                offA -= ca[d] * dims[d];
                offB -= cb[d] * dims[d];
                counter[d] = 0;
            }
        }
        return new Broadcast(rows, cols, rowA, rowB, 0, 0, ca[rank - 1], cb[rank - 1]);
    }
}
