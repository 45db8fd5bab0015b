package dev.lanes.kernel;

/**
 * Argument checks every {@link Kernel} implementation runs on entry: constant time per call, so a wrong shape
 * fails with a message naming the op, the operand and the sizes instead of an index error deep in a loop.
 */
public final class KernelArgs {

    private KernelArgs() {
    }

    /**
     * Checks a GEMM: dimensions non-negative, offsets non-negative, and A's m·k, B's k·n and C's m·n elements
     * from their offsets within their arrays.
     */
    public static void gemm(String op, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k,
                            int n) {
        dims(op, m, k, n);
        region(op, "A", a, aOff, (long) m * k);
        region(op, "B", b, bOff, (long) k * n);
        region(op, "C", c, cOff, (long) m * n);
    }

    /** Requires {@code x} non-null, {@code off >= 0} and elements [off, off + needed) within it. */
    private static void region(String op, String name, float[] x, int off, long needed) {
        if (off == 0) { // the whole-array case keeps its plain message
            length(op, name, x, needed);
            return;
        }
        if (x == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(op + ": negative offset " + off + " for " + name);
        }
        if (off + needed > x.length) {
            throw new IllegalArgumentException(op + ": " + name + " has " + x.length + " elements but the shape needs "
                    + needed + " from offset " + off + ", up to index " + (off + needed));
        }
    }

    public static void linearForward(float[] x, float[] w, float[] bias, Activation act, float[] y, float[] preAct,
                                     int batch, int in, int out) {
        String op = "linearForward";
        layer(op, x, w, bias, act, batch, in, out);
        length(op, "output", y, (long) batch * out);
        preActivation(op, act, preAct, (long) batch * out);
    }

    public static void linearBackward(float[] x, float[] w, float[] y, float[] preAct, Activation act, float[] dY,
                                      float[] dZ, float[] dX, float[] dW, float[] dBias, int batch, int in, int out) {
        String op = "linearBackward";
        layer(op, x, w, null, act, batch, in, out);
        long outputs = (long) batch * out;
        length(op, "output", y, outputs);
        preActivation(op, act, preAct, outputs);
        length(op, "grad_output", dY, outputs);
        length(op, "dZ workspace", dZ, outputs);
        optional(op, "grad_input", dX, (long) batch * in);
        length(op, "grad_weight", dW, (long) out * in);
        optional(op, "grad_bias", dBias, out);
    }

    public static void activationForward(Activation act, float[] x, float[] y, int n) {
        String op = "activationForward";
        activation(op, act);
        count(op, n);
        length(op, "input", x, n);
        length(op, "output", y, n);
    }

    public static void activationBackward(Activation act, float[] x, float[] y, float[] dy, float[] dx, int n) {
        String op = "activationBackward";
        activation(op, act);
        count(op, n);
        preActivation(op, act, x, n);
        length(op, "output", y, n);
        length(op, "grad_output", dy, n);
        length(op, "grad_input", dx, n);
    }

    public static void sumRows(float[] x, float[] out, int rows, int cols) {
        dims("sumRows", rows, cols, 0);
        length("sumRows", "input", x, (long) rows * cols);
        length("sumRows", "out", out, cols);
    }

    public static void optimizer(String op, float[] param, float[] grad, int n) {
        count(op, n);
        length(op, "param", param, n);
        length(op, "grad", grad, n);
    }

    private static void layer(String op, float[] x, float[] w, float[] bias, Activation act, int batch, int in,
                              int out) {
        dims(op, batch, in, out);
        activation(op, act);
        length(op, "input", x, (long) batch * in);
        length(op, "weight", w, (long) out * in);
        optional(op, "bias", bias, out);
    }

    private static void activation(String op, Activation act) {
        if (act == null) {
            throw new IllegalArgumentException(op + ": activation is null (use Activation.IDENTITY for none)");
        }
    }

    /** The pre-activation is required when the activation's derivative reads it, optional otherwise. */
    private static void preActivation(String op, Activation act, float[] z, long needed) {
        if (act.needsPreActivation()) {
            if (z == null || z.length < needed) { // the name is built only to fail: a string per call is garbage
                length(op, "pre-activation (needed by " + act + ")", z, needed);
            }
        } else {
            optional(op, "pre-activation", z, needed);
        }
    }

    /** Requires {@code x} non-null with at least {@code needed} elements. */
    public static void length(String op, String name, float[] x, long needed) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        if (x.length < needed) {
            throw new IllegalArgumentException(op + ": " + name + " has " + x.length
                    + " elements but the shape needs " + needed);
        }
    }

    /** Like {@link #length} but {@code x} may be null. */
    public static void optional(String op, String name, float[] x, long needed) {
        if (x != null) {
            length(op, name, x, needed);
        }
    }

    /** Requires n >= 0. */
    public static void count(String op, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(op + ": negative element count " + n);
        }
    }

    private static void dims(String op, int d0, int d1, int d2) {
        if (d0 < 0 || d1 < 0 || d2 < 0) {
            throw new IllegalArgumentException(op + ": negative dimension in " + d0 + "x" + d1 + "x" + d2);
        }
    }
}
