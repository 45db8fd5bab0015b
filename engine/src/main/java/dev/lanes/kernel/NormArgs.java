package dev.lanes.kernel;

/** The entry checks of the normalisation kernels ({@link Kernel#layerNormForward} and the rest): constant time. */
public final class NormArgs {

    private NormArgs() {
    }

    public static void layerNormForward(float[] x, float[] weight, float[] bias, float[] y, double[] mean,
                                        double[] rstd, int rows, int cols) {
        String op = "layerNormForward";
        long n = matrix(op, x, rows, cols);
        KernelArgs.optional(op, "weight", weight, cols);
        KernelArgs.optional(op, "bias", bias, cols);
        KernelArgs.length(op, "output", y, n);
        doubles(op, "mean", mean, rows);
        doubles(op, "rstd", rstd, rows);
    }

    public static void layerNormBackward(float[] g, float[] x, float[] weight, double[] mean, double[] rstd,
                                         float[] gx, double[] weightSums, double[] biasSums, int rows, int cols) {
        String op = "layerNormBackward";
        long n = matrix(op, x, rows, cols);
        KernelArgs.length(op, "grad_output", g, n);
        KernelArgs.optional(op, "weight", weight, cols);
        doubles(op, "mean", mean, rows);
        doubles(op, "rstd", rstd, rows);
        KernelArgs.optional(op, "grad_input", gx, n);
        if (weightSums != null) {
            doubles(op, "weight sums", weightSums, cols);
        }
        if (biasSums != null) {
            doubles(op, "bias sums", biasSums, cols);
        }
    }

    public static void columnMoments(float[] x, double[] mean, double[] variance, int rows, int cols) {
        matrix("columnMoments", x, rows, cols);
        doubles("columnMoments", "mean", mean, cols);
        doubles("columnMoments", "variance", variance, cols);
    }

    public static void normalizeColumns(float[] x, double[] mean, double[] scale, double[] shift, float[] y,
                                        int rows, int cols) {
        String op = "normalizeColumns";
        long n = matrix(op, x, rows, cols);
        doubles(op, "mean", mean, cols);
        doubles(op, "scale", scale, cols);
        doubles(op, "shift", shift, cols);
        KernelArgs.length(op, "output", y, n);
    }

    public static void columnGradientSums(float[] g, float[] x, double[] mean, double[] invStd, double[] sumG,
                                          double[] sumGx, int rows, int cols) {
        String op = "columnGradientSums";
        KernelArgs.length(op, "grad_output", g, matrix(op, x, rows, cols));
        doubles(op, "mean", mean, cols);
        doubles(op, "inv_std", invStd, cols);
        doubles(op, "sum_g", sumG, cols);
        doubles(op, "sum_gx", sumGx, cols);
    }

    public static void columnInputGradient(float[] g, float[] x, double[] mean, double[] invStd, double[] scale,
                                           double[] meanG, double[] meanGx, float[] gx, int rows, int cols) {
        String op = "columnInputGradient";
        long n = matrix(op, x, rows, cols);
        KernelArgs.length(op, "grad_output", g, n);
        doubles(op, "mean", mean, cols);
        doubles(op, "inv_std", invStd, cols);
        doubles(op, "scale", scale, cols);
        doubles(op, "mean_g", meanG, cols);
        doubles(op, "mean_gx", meanGx, cols);
        KernelArgs.length(op, "grad_input", gx, n);
    }

    /** Checks rows, cols ≥ 0 and x's length; returns rows·cols. */
    private static long matrix(String op, float[] x, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": negative dimension in " + rows + "x" + cols);
        }
        long n = (long) rows * cols;
        KernelArgs.length(op, "input", x, n);
        return n;
    }

    private static void doubles(String op, String name, double[] a, long needed) {
        if (a == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        if (a.length < needed) {
            throw new IllegalArgumentException(op + ": " + name + " has " + a.length
                    + " elements but the shape needs " + needed);
        }
    }
}
