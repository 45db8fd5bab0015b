package dev.lanes.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops. Shapes are {@code int[]}; a 0-d (scalar) tensor has shape {@code []}. */
final class Shapes {

    private Shapes() {
    }

    static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) n;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Whether two shapes are equal: a plain loop, as the arrays hold one to four dimensions. */
    static boolean same(int[] a, int[] b) {
        if (a == b) {
            return true;
        }
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** NumPy broadcasting: align on the right, dimensions equal or 1. */
    static int[] broadcast(String op, int[] a, int[] b) {
        if (covers(a, b)) { // shape arrays are never written, so the result may share a or b
            return a;
        }
        if (covers(b, a)) {
            return b;
        }
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Whether {@code b} broadcasts to exactly {@code a} (every right-aligned dimension of b is 1 or a's). */
    private static boolean covers(int[] a, int[] b) {
        if (b.length > a.length) {
            return false;
        }
        for (int i = 1; i <= b.length; i++) {
            int db = b[b.length - i];
            if (db != 1 && db != a[a.length - i]) {
                return false;
            }
        }
        return true;
    }

    private static int dimFromRight(int[] shape, int fromRight) {
        int idx = shape.length - 1 - fromRight;
        return idx >= 0 ? shape[idx] : 1;
    }

    /**
     * Whether a reduction along {@code dim} is PyTorch's reduction of a 0-d tensor, which takes dimension 0 or -1
     * as if the tensor had shape [1] and returns it 0-d again, with or without keepdim.
     */
    static boolean reducesScalar(int[] shape, int dim) {
        return shape.length == 0 && (dim == 0 || dim == -1);
    }

    static int checkDim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a tensor of rank "
                    + rank);
        }
        return d;
    }

    /**
     * Where a new dimension goes in a tensor of rank {@code rank} ({@code unsqueeze}, {@code stack}): 0 to rank,
     * negative counting from the end. The message names the tensor's own rank, not the rank it will have.
     */
    static int checkNewDim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank + 1 : dim;
        if (d < 0 || d > rank) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a new dimension of"
                    + " a tensor of rank " + rank + " (expected " + -(rank + 1) + " to " + rank + ")");
        }
        return d;
    }
}
